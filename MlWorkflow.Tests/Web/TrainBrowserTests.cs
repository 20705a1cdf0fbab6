using System.Text.RegularExpressions;
using Microsoft.Playwright;
using MlWorkflow.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;
using static MlWorkflow.Tests.Web.BrowserSession;
using static MlWorkflow.Tests.Web.DatasetProfileBrowserTests;

namespace MlWorkflow.Tests.Web;

/// <summary>Train on titanic from its page, follow the search live, open the model, and score titanic with it.</summary>
[Slow]
[Collection(nameof(BrowserCollection))]
public sealed class TrainBrowserTests(WebAppFixture app)
{
    // Profiling, a 20 s search, packaging and scoring on 2 shared cores: minutes under load, seconds when quiet.
    private static readonly LocatorAssertionsToBeVisibleOptions s_untilVisible = new() { Timeout = 240_000 };
    private static readonly LocatorAssertionsToHaveAttributeOptions s_untilReady = new() { Timeout = 240_000 };

    [Fact]
    public Task TrainOnTitanicShowsLiveLeaderboardThenModelThatScoresADataset() => RunAsync(app, async page =>
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var datasetId = await OpenSampleDatasetAsync(app, page, NewEmail(), "titanic.csv", cancellationToken);
        await Expect(page.Locator(".dataset-page")).ToHaveAttributeAsync("data-status", "ready", s_untilReady);

        // The panel loads the target's recommended trainers, then its plan: wait for both before touching it.
        var panel = page.GetByTestId("train-panel");
        await Expect(panel).ToHaveAttributeAsync("data-target", "survived", s_untilReady);
        await Expect(panel.GetByTestId("algorithm-chip").First).ToBeVisibleAsync();
        await Expect(panel.GetByTestId("plan-algorithm").First).ToBeVisibleAsync(s_untilVisible);
        await Expect(panel.GetByTestId("plan-validation")).ToContainTextAsync("validation");

        var budget = panel.Locator("input[data-testid=train-budget], [data-testid=train-budget] input").First;
        await budget.FillAsync("20");
        await budget.PressAsync("Tab");
        await Expect(panel).ToHaveAttributeAsync("data-budget", "20");
        await Expect(panel.GetByTestId("start-training")).ToBeEnabledAsync();
        await ScreenshotAsync(page, "train-panel");
        await panel.GetByTestId("start-training").ClickAsync();

        await page.WaitForURLAsync(new Regex("/tasks/[0-9a-f-]{36}$"), new() { Timeout = 60_000 });
        await WaitForCircuitAsync(page);
        var progress = page.GetByTestId("training-progress");
        await Expect(progress).ToBeVisibleAsync();
        await Expect(progress.GetByTestId("leaderboard-row").First).ToBeVisibleAsync(s_untilVisible);
        await ScreenshotAsync(page, "train-task-running");

        var openModel = progress.GetByTestId("open-model");
        await Expect(openModel).ToBeVisibleAsync(s_untilVisible);
        await Expect(progress.GetByTestId("stop-training")).ToHaveCountAsync(0);
        await Expect(progress.GetByTestId("best-score-chart")).ToBeVisibleAsync();
        var trials = await progress.GetByTestId("leaderboard-row").CountAsync();
        Assert.True(trials >= 1, $"{trials} trials on the leaderboard");
        await ScreenshotAsync(page, "train-task-completed");

        await openModel.ClickAsync();
        await page.WaitForURLAsync(new Regex("/models/[0-9a-f-]{36}$"));
        await WaitForCircuitAsync(page);
        var modelPath = new Uri(page.Url).AbsolutePath;
        await Expect(page.GetByTestId("model-facts")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-fact=Target]")).ToHaveTextAsync("survived");
        await Expect(page.Locator("[data-fact=Dataset] a")).ToHaveAttributeAsync("href", $"/datasets/{datasetId}");
        await Expect(page.GetByTestId("confusion-matrix")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("confusion-cell")).ToHaveCountAsync(4);
        await Expect(page.GetByTestId("importance-chart")).ToBeVisibleAsync();
        var features = await page.GetByTestId("importance-row").CountAsync();
        Assert.True(features >= 1, "no feature importance listed");
        await Expect(page.GetByTestId("importance-chart").Locator("svg path.mud-chart-bar")).ToHaveCountAsync(features);
        await Expect(page.GetByTestId("roc-chart")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("best-score-over-time")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("leaderboard").GetByTestId("leaderboard-row")).ToHaveCountAsync(trials);
        await Expect(page.GetByTestId("member").First).ToBeVisibleAsync();
        await ScreenshotAsync(page, "model");

        // The training dataset is preselected: scoring it again is the first check a user makes.
        var score = page.GetByTestId("score-dataset");
        await Expect(score.GetByTestId("score")).ToBeEnabledAsync();
        await Expect(score).ToHaveAttributeAsync("data-dataset-id", datasetId.ToString());
        await score.GetByTestId("score").ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/datasets/", StringComparison.Ordinal) && !url.Contains(datasetId.ToString(), StringComparison.Ordinal));
        await WaitForCircuitAsync(page);
        var lineage = page.GetByTestId("lineage");
        await Expect(lineage.GetByTestId("lineage-parent")).ToHaveAttributeAsync("href", $"/datasets/{datasetId}");
        await Expect(lineage.GetByTestId("lineage-model")).ToHaveAttributeAsync("href", modelPath);
        await Expect(page.Locator(".dataset-page")).ToHaveAttributeAsync("data-status", "ready", s_untilReady);
        await Expect(page.Locator("[data-testid=column-card][data-column=prediction]")).ToBeVisibleAsync();
        await ScreenshotAsync(page, "scored-dataset");

        await page.GotoAsync("/models");
        await WaitForCircuitAsync(page);
        var row = page.Locator("[data-testid=models-table] tr.model-row");
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row.GetByTestId("model-link")).ToHaveAttributeAsync("href", modelPath);
        await Expect(row).ToContainTextAsync("titanic-survived");
        await Expect(row.Locator("[data-algorithm]")).ToBeVisibleAsync();
    });
}
