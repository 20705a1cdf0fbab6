using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using MlWorkflow.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;
using static MlWorkflow.Tests.Web.BrowserSession;
using static MlWorkflow.Tests.Web.DatasetProfileBrowserTests;

namespace MlWorkflow.Tests.Web;

/// <summary>The pipeline editor of penguins: suggested steps with their rationale, models, and edits that are saved at once.</summary>
[Collection(nameof(BrowserCollection))]
[Slow]
public sealed class PipelineEditorBrowserTests(WebAppFixture app)
{
    [Fact]
    public Task SwitchedOffStepStaysOffAfterReloadUntilReset() => RunAsync(app, async page =>
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var email = NewEmail();
        var datasetId = await OpenSampleDatasetAsync(app, page, email, "penguins.csv", cancellationToken);

        var editor = page.GetByTestId("pipeline-editor");
        await Expect(editor).ToHaveAttributeAsync("data-target", "species");
        await Expect(editor).ToHaveAttributeAsync("data-saved", "false");
        var impute = editor.Locator("[data-testid=step-card][data-op=impute]").First;
        await Expect(impute).ToHaveAttributeAsync("data-enabled", "true");
        await Expect(impute.GetByTestId("step-rationale")).ToContainTextAsync(new Regex("missing", RegexOptions.IgnoreCase));
        var stepId = await impute.GetAttributeAsync("data-step-id");
        var lightGbm = editor.Locator("[data-testid=model][data-algorithm=LightGbm]");
        await Expect(lightGbm.Locator("td[data-label='Expected per trial']")).ToHaveTextAsync(new Regex(@"^\d+(\.\d)? (ms|s)$|min"));
        await ScreenshotAsync(page, "pipeline-editor-suggested");

        await impute.Locator(".step-switch input[type=checkbox]").ClickAsync();
        await Expect(editor).ToHaveAttributeAsync("data-saved", "true");
        await Expect(impute).ToHaveAttributeAsync("data-enabled", "false");
        using var api = await app.CreateApiClientAsync(email, cancellationToken);
        Assert.False((await SavedStepAsync(api, datasetId, stepId!, cancellationToken)).GetProperty("enabled").GetBoolean());

        await page.ReloadAsync();
        await WaitForCircuitAsync(page);
        var reloaded = page.Locator($"[data-testid=pipeline-editor] [data-testid=step-card][data-step-id='{stepId}']");
        await Expect(page.GetByTestId("pipeline-editor")).ToHaveAttributeAsync("data-saved", "true");
        await Expect(reloaded).ToHaveAttributeAsync("data-enabled", "false");
        await Expect(reloaded.Locator(".step-switch input[type=checkbox]")).Not.ToBeCheckedAsync();
        await ScreenshotAsync(page, "pipeline-editor-saved");

        // Another target shows its own suggestion and warns that editing it would replace the saved pipeline.
        await page.Locator("[data-testid=target-candidate][data-column=sex] input[type=radio]").ClickAsync();
        await Expect(page.GetByTestId("pipeline-editor")).ToHaveAttributeAsync("data-target", "sex");
        await Expect(page.GetByTestId("pipeline-editor")).ToHaveAttributeAsync("data-saved", "false");
        await Expect(page.GetByTestId("pipeline-replaces")).ToContainTextAsync("species");
        await page.Locator("[data-testid=target-candidate][data-column=species] input[type=radio]").ClickAsync();
        await Expect(page.GetByTestId("pipeline-editor")).ToHaveAttributeAsync("data-saved", "true");
        await Expect(reloaded).ToHaveAttributeAsync("data-enabled", "false");

        var strategy = reloaded.Locator("[data-testid=step-params] input").First;
        await strategy.FillAsync("median");
        await strategy.PressAsync("Tab");
        await WaitUntilAsync(async () => (await SavedStepAsync(api, datasetId, stepId!, cancellationToken))
            .GetProperty("params").GetProperty("strategy").GetString() == "median", "the edited strategy to be saved", cancellationToken);

        await page.GetByTestId("pipeline-reset").ClickAsync();
        await Expect(page.GetByTestId("pipeline-editor")).ToHaveAttributeAsync("data-saved", "false");
        await Expect(reloaded).ToHaveAttributeAsync("data-enabled", "true");
        using var afterReset = await api.GetAsync($"/api/datasets/{datasetId}/pipeline", cancellationToken);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, afterReset.StatusCode);
    });

    [Fact]
    public Task ResetClickedRightAfterAnEditShowsTheSuggestionAndDeletesTheSavedPipeline() => RunAsync(app, async page =>
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var email = NewEmail();
        var datasetId = await OpenSampleDatasetAsync(app, page, email, "penguins.csv", cancellationToken);
        var editor = page.GetByTestId("pipeline-editor");
        var impute = editor.Locator("[data-testid=step-card][data-op=impute]").First;
        await impute.Locator(".step-switch input[type=checkbox]").ClickAsync();
        await Expect(editor).ToHaveAttributeAsync("data-saved", "true");
        var strategy = impute.Locator("[data-testid=step-params] input").First;
        var suggested = await strategy.InputValueAsync();

        // As a user types and goes straight for the button: leaving the field saves the edit while the click is on its way.
        await strategy.FillAsync(suggested == "median" ? "mean" : "median");
        await page.GetByTestId("pipeline-reset").ClickAsync();

        await Expect(editor).ToHaveAttributeAsync("data-saved", "false");
        await Expect(impute).ToHaveAttributeAsync("data-enabled", "true");
        await Expect(strategy).ToHaveValueAsync(suggested);
        using var api = await app.CreateApiClientAsync(email, cancellationToken);
        using var afterReset = await api.GetAsync($"/api/datasets/{datasetId}/pipeline", cancellationToken);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, afterReset.StatusCode);
    });

    [Fact]
    public Task ColumnEditIsSavedAndInvalidOneIsExplainedAndUndone() => RunAsync(app, async page =>
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var email = NewEmail();
        var datasetId = await OpenSampleDatasetAsync(app, page, email, "penguins.csv", cancellationToken);
        using var api = await app.CreateApiClientAsync(email, cancellationToken);

        var oneHot = page.Locator("[data-testid=pipeline-editor] [data-testid=step-card][data-op=one_hot]");
        await Expect(oneHot.GetByTestId("step-columns")).ToHaveValueAsync("island, sex");
        var oneHotId = await oneHot.GetAttributeAsync("data-step-id");
        await ToggleColumnAsync(page, oneHot, "sex");
        await Expect(page.GetByTestId("pipeline-editor")).ToHaveAttributeAsync("data-saved", "true");
        await WaitUntilAsync(async () => (await SavedStepAsync(api, datasetId, oneHotId!, cancellationToken)).GetProperty("columns").EnumerateArray()
            .Select(c => c.GetString()).SequenceEqual(["island"]), "one_hot saved with island only", cancellationToken);

        // A scaling step with no column is refused by the Api: the page says why and keeps the saved column.
        var scale = page.Locator("[data-testid=pipeline-editor] [data-testid=step-card][data-op=minmax_scale]");
        await Expect(scale.GetByTestId("step-columns")).ToHaveValueAsync("year");
        await ToggleColumnAsync(page, scale, "year");
        await Expect(page.Locator("[data-testid=pipeline-editor] [data-testid=problem]")).ToContainTextAsync("column");
        await Expect(scale.GetByTestId("step-columns")).ToHaveValueAsync("year");
        var scaleId = await scale.GetAttributeAsync("data-step-id");
        Assert.Equal(["year"], (await SavedStepAsync(api, datasetId, scaleId!, cancellationToken)).GetProperty("columns").EnumerateArray().Select(c => c.GetString()));
        await ScreenshotAsync(page, "pipeline-editor-invalid-edit");
    });

    private static async Task ToggleColumnAsync(Microsoft.Playwright.IPage page, Microsoft.Playwright.ILocator card, string column)
    {
        await card.GetByTestId("step-columns").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasText = column }).First.ClickAsync();
        await page.Keyboard.PressAsync("Escape");
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what, CancellationToken cancellationToken)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(waited.ElapsedMilliseconds < TimeoutMs, $"Waited {waited.Elapsed} for {what}.");
            await Task.Delay(200, cancellationToken);
        }
    }

    private static async Task<JsonElement> SavedStepAsync(HttpClient api, Guid datasetId, string stepId, CancellationToken cancellationToken)
    {
        var saved = await api.GetFromJsonAsync<JsonElement>($"/api/datasets/{datasetId}/pipeline", cancellationToken);
        return saved.GetProperty("steps").EnumerateArray().Single(s => s.GetProperty("id").GetString() == stepId);
    }
}
