using System.Text.RegularExpressions;
using Microsoft.Playwright;
using MlWorkflow.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;
using static MlWorkflow.Tests.Web.BrowserSession;

namespace MlWorkflow.Tests.Web;

[Collection(nameof(BrowserCollection))]
[Slow]
public sealed class DatasetsBrowserTests(WebAppFixture app)
{
    [Fact]
    public Task UploadedCsvIsListedPreviewedAndDownloadedByteForByte() => RunAsync(app, async page =>
    {
        var samplePath = SamplePath("penguins.csv");
        var lines = await File.ReadAllLinesAsync(samplePath, TestContext.Current.CancellationToken);
        await RegisterAndLogInAsync(page, NewEmail());
        await Expect(page.GetByTestId("stat-datasets")).ToContainTextAsync("0");

        await page.GetByRole(AriaRole.Link, new() { Name = "Datasets", Exact = true }).ClickAsync();
        await UploadAsync(page, samplePath);

        var row = page.Locator("[data-testid=datasets-table] tbody tr", new() { HasText = "penguins.csv" });
        await Expect(row.Locator("td[data-label=Rows]")).ToHaveTextAsync("344");
        await Expect(row.Locator("td[data-label=Columns]")).ToHaveTextAsync("8");
        await Expect(row.Locator("td[data-label=Format]")).ToHaveTextAsync("CSV");
        // The worker starts profiling at once: the status may already have moved on.
        await Expect(row.Locator("td[data-label=Status]")).ToHaveTextAsync(new Regex("^(uploaded|profiling|ready)$"));
        await ScreenshotAsync(page, "datasets-list");

        await row.GetByRole(AriaRole.Link, new() { Name = "penguins" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/datasets/[0-9a-f-]{36}$"));
        await Expect(page.Locator("[data-fact=Rows]")).ToHaveTextAsync("344");
        await Expect(page.Locator("[data-fact=Columns]")).ToHaveTextAsync("8");
        var preview = page.GetByTestId("preview-table");
        await Expect(preview.Locator("tbody tr")).ToHaveCountAsync(20);
        await Expect(preview.Locator("thead th")).ToHaveTextAsync(["#", .. lines[0].Split(',')]);
        Assert.Contains("species", lines[0].Split(','));
        await Expect(preview.Locator("tbody tr").First.Locator("td")).ToHaveTextAsync(["1", .. lines[1].Split(',')]);
        await ScreenshotAsync(page, "dataset-detail");

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("download").ClickAsync());
        Assert.Equal("penguins.csv", download.SuggestedFilename);
        var downloaded = await File.ReadAllBytesAsync(await download.PathAsync(), TestContext.Current.CancellationToken);
        Assert.Equal(await File.ReadAllBytesAsync(samplePath, TestContext.Current.CancellationToken), downloaded);
    });

    [Fact]
    public Task RaggedUploadShowsProblemAndListsNothing() => RunAsync(app, async page =>
    {
        await RegisterAndLogInAsync(page, NewEmail());
        await page.GotoAsync("/datasets");
        await WaitForCircuitAsync(page);

        await UploadAsync(page, BadUploadPath("ragged.csv"));

        var problem = page.GetByTestId("problem");
        await Expect(problem).ToContainTextAsync("ragged.csv was not uploaded");
        await Expect(problem).ToContainTextAsync("Line 17 has 4 fields but the header has 5.");
        await Expect(problem).ToContainTextAsync("How to fix:");
        await Expect(page.GetByText("No datasets yet")).ToBeVisibleAsync();
        await ScreenshotAsync(page, "upload-rejected");
    });

    [Fact]
    public Task DeleteAfterConfirmationRemovesDataset() => RunAsync(app, async page =>
    {
        await RegisterAndLogInAsync(page, NewEmail());
        await page.GotoAsync("/datasets");
        await WaitForCircuitAsync(page);
        await UploadAsync(page, SamplePath("iris.csv"));
        await page.GetByRole(AriaRole.Link, new() { Name = "iris" }).ClickAsync();
        await Expect(page.GetByTestId("preview-table")).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Expect(dialog).ToContainTextAsync("cannot be undone");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("/datasets$"));
        await Expect(page.GetByText("No datasets yet")).ToBeVisibleAsync();
    });
}
