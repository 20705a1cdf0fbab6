using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using MlWorkflow.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;
using static MlWorkflow.Tests.Web.BrowserSession;

namespace MlWorkflow.Tests.Web;

/// <summary>The dataset page of an uploaded penguins.csv: charts, alerts, target candidates and the correlation heat map.</summary>
[Collection(nameof(BrowserCollection))]
[Slow]
public sealed class DatasetProfileBrowserTests(WebAppFixture app)
{
    [Fact]
    public Task PenguinsPageShowsHistogramMissingAlertAndSpeciesFirst() => RunAsync(app, async page =>
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var email = NewEmail();
        await RegisterAndLogInAsync(page, email);
        await page.GotoAsync("/datasets");
        await WaitForCircuitAsync(page);
        await UploadAsync(page, SamplePath("penguins.csv"));
        await page.GetByRole(AriaRole.Link, new() { Name = "penguins" }).ClickAsync();
        await Expect(page.GetByTestId("profile-view")).ToBeVisibleAsync();
        var profile = await ProfileAsync(app, email, page.Url, cancellationToken);

        var bins = Column(profile, "bill_length_mm").GetProperty("histogram").GetProperty("counts").GetArrayLength();
        Assert.True(bins > 1, $"bill_length_mm has {bins} bins");
        var billLength = page.Locator("[data-testid=column-card][data-column=bill_length_mm]");
        await Expect(billLength.Locator("[data-testid=column-type]")).ToHaveTextAsync("numeric");
        await Expect(billLength.Locator("[data-chart=histogram] svg path.mud-chart-bar")).ToHaveCountAsync(bins);
        var species = page.Locator("[data-testid=column-card][data-column=species]");
        await Expect(species.Locator("[data-chart=top-values] svg path.mud-chart-bar")).ToHaveCountAsync(3);

        var sex = page.Locator("[data-testid=column-card][data-column=sex]");
        await Expect(sex.Locator("[data-alert-type=missing]")).ToContainTextAsync("missing");
        await Expect(page.Locator("[data-testid=alerts] [data-testid=alert][data-column=sex][data-alert-type=missing]")).ToBeVisibleAsync();
        var severities = await page.Locator("[data-testid=alerts] [data-testid=alert]").EvaluateAllAsync<string[]>("e => e.map(a => a.dataset.severity)");
        Assert.Equal(severities.OrderBy(s => s switch { "error" => 0, "warning" => 1, _ => 2 }), severities);

        var first = page.Locator("[data-testid=target-candidate][data-rank='1']");
        await Expect(first).ToHaveAttributeAsync("data-column", "species");
        await Expect(first).ToContainTextAsync(new Regex(@"species\s*—\s*multiclass,\s*0\.\d\d:\s*\S+"));
        await Expect(first.Locator("input[type=radio]")).ToBeCheckedAsync();
        await ScreenshotAsync(page, "dataset-profile-page");
        await billLength.ScreenshotAsync(new() { Path = Path.Combine(WebAppFixture.ScreenshotDirectory, "column-card-bill_length_mm.png") });
    });

    [Fact]
    public Task PenguinsCorrelationHeatmapHasOneRowAndColumnPerColumn() => RunAsync(app, async page =>
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var email = NewEmail();
        await OpenSampleDatasetAsync(app, page, email, "penguins.csv", cancellationToken);
        await Expect(page.GetByTestId("profile-view")).ToBeVisibleAsync();
        var profile = await ProfileAsync(app, email, page.Url, cancellationToken);
        var columns = profile.GetProperty("correlations").GetProperty("columns").EnumerateArray().Select(c => c.GetString()!).ToArray();
        Assert.True(columns.Length >= 5, $"{columns.Length} columns in the correlation matrix");

        var heatmap = page.GetByTestId("correlation-heatmap");
        await Expect(heatmap).ToHaveAttributeAsync("data-method", "auto");
        await Expect(heatmap.Locator("svg text.mud-charts-yaxis")).ToHaveTextAsync(columns);
        await Expect(heatmap.Locator("svg g.mud-chart-cell")).ToHaveCountAsync(columns.Length * columns.Length);
        await heatmap.ScreenshotAsync(new() { Path = Path.Combine(WebAppFixture.ScreenshotDirectory, "correlation-heatmap.png") });

        // The correlation ratio is defined only for number × category pairs: every other cell shows a dash, not 0.
        var ratio = profile.GetProperty("correlationMatrices").EnumerateArray().Single(m => m.GetProperty("method").GetString() == "correlation_ratio");
        var ratioColumns = ratio.GetProperty("columns").GetArrayLength();
        var undefined = ratio.GetProperty("matrix").EnumerateArray().SelectMany(row => row.EnumerateArray()).Count(v => v.ValueKind == JsonValueKind.Null);
        Assert.InRange(undefined, ratioColumns, ratioColumns * ratioColumns - 1);
        await page.Locator("[data-testid=correlations] .method-select").ClickAsync();
        await page.Locator(".mud-popover-open").GetByText("correlation_ratio", new() { Exact = true }).ClickAsync();
        await Expect(heatmap).ToHaveAttributeAsync("data-method", "correlation_ratio");
        await Expect(heatmap.Locator("svg g.mud-chart-cell")).ToHaveCountAsync(ratioColumns * ratioColumns);
        var dashes = await heatmap.Locator("svg g.mud-chart-cell").EvaluateAllAsync<int>("cells => cells.filter(c => c.textContent.trim() === '–').length");
        Assert.Equal(undefined, dashes);
        await heatmap.ScreenshotAsync(new() { Path = Path.Combine(WebAppFixture.ScreenshotDirectory, "correlation-ratio-heatmap.png") });
    });

    [Fact]
    public Task CarsYearIsADateWithItsHistogram() => RunAsync(app, async page =>
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var email = NewEmail();
        await OpenSampleDatasetAsync(app, page, email, "cars.csv", cancellationToken);
        await Expect(page.GetByTestId("profile-view")).ToBeVisibleAsync();
        var profile = await ProfileAsync(app, email, page.Url, cancellationToken);
        var bins = Column(profile, "Year").GetProperty("dateHistogram").GetProperty("counts").GetArrayLength();
        Assert.True(bins > 1, $"Year has {bins} date bins");

        var year = page.Locator("[data-testid=column-card][data-column=Year]");
        await Expect(year.Locator("[data-testid=column-type]")).ToHaveTextAsync("datetime");
        await Expect(year.Locator("[data-chart=histogram] svg path.mud-chart-bar")).ToHaveCountAsync(bins);
        await Expect(year.Locator("[data-chart=histogram] .chart-caption")).ToContainTextAsync("1970-01-01");
        await year.ScreenshotAsync(new() { Path = Path.Combine(WebAppFixture.ScreenshotDirectory, "column-card-Year.png") });
    });

    internal static JsonElement Column(JsonElement profile, string name) =>
        profile.GetProperty("columns").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);

    internal static async Task<JsonElement> ProfileAsync(WebAppFixture app, string email, string pageUrl, CancellationToken cancellationToken)
    {
        var id = Regex.Match(pageUrl, "/datasets/([0-9a-f-]{36})").Groups[1].Value;
        using var api = await app.CreateApiClientAsync(email, cancellationToken);
        var dataset = await api.GetFromJsonAsync<JsonElement>($"/api/datasets/{id}", cancellationToken);
        return dataset.GetProperty("profile");
    }

    /// <summary>Registers <paramref name="email"/>, uploads a sample through the Api and opens its dataset page, live.</summary>
    internal static async Task<Guid> OpenSampleDatasetAsync(WebAppFixture app, IPage page, string email, string sample, CancellationToken cancellationToken)
    {
        await RegisterAndLogInAsync(page, email);
        var datasetId = await UploadSampleAsync(app, email, sample, cancellationToken);
        await page.GotoAsync($"/datasets/{datasetId}");
        await WaitForCircuitAsync(page);
        return datasetId;
    }

    /// <summary>Uploads a sample through the Api (the page then waits for its profile as a user would).</summary>
    internal static async Task<Guid> UploadSampleAsync(WebAppFixture app, string email, string sample, CancellationToken cancellationToken)
    {
        using var api = await app.CreateApiClientAsync(email, cancellationToken);
        using var form = new MultipartFormDataContent { { new ByteArrayContent(await File.ReadAllBytesAsync(SamplePath(sample), cancellationToken)), "file", sample } };
        using var response = await api.PostAsync("/api/upload", form, cancellationToken);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"Upload answered {(int)response.StatusCode}: {body}");
        return body.GetProperty("dataset").GetProperty("id").GetGuid();
    }
}
