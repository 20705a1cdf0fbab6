using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using MlWorkflow.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;
using static MlWorkflow.Tests.Web.BrowserSession;
using static MlWorkflow.Tests.Web.DatasetProfileBrowserTests;

namespace MlWorkflow.Tests.Web;

/// <summary>
/// Run pipeline from penguins' page: the derived dataset's page, its lineage and before/after, the links between the two,
/// and a run clicked while the editor is still saving an edit or loading another target's pipeline.
/// </summary>
[Slow]
[Collection(nameof(BrowserCollection))]
public sealed class RunPipelineBrowserTests(WebAppFixture app)
{
    // The pipeline, then the profile, on 2 shared cores: minutes under load, seconds when quiet.
    private static readonly LocatorAssertionsToHaveAttributeOptions s_untilReady = new() { Timeout = 240_000 };

    /// <summary>How the lineage words an imputed column: the fill value and the strategy that chose it.</summary>
    private static readonly Regex s_fillSentence = new(@"← .+ \((mean|median|most frequent|constant)\)");

    [Fact]
    public Task RunPipelineOnPenguinsOpensDerivedDatasetThatBecomesReadyWithoutMissingValues() => RunAsync(app, async page =>
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var email = NewEmail();
        var parentId = await OpenSampleDatasetAsync(app, page, email, "penguins.csv", cancellationToken);
        await Expect(page.GetByTestId("pipeline-editor")).ToHaveAttributeAsync("data-target", "species");
        await Expect(page.Locator("[data-testid=pipeline-editor] [data-testid=step-card][data-op=impute]").First).ToBeVisibleAsync();

        await RunPipelineAsync(page, parentId);
        var lineage = page.GetByTestId("lineage");
        await Expect(lineage.GetByTestId("lineage-summary")).ToContainTextAsync(new Regex(@"Derived from\s+penguins\s+by \d+ steps? for target\s+species"));
        await Expect(lineage.GetByTestId("lineage-parent")).ToHaveAttributeAsync("href", $"/datasets/{parentId}");
        await Expect(lineage.GetByTestId("lineage-task")).ToHaveAttributeAsync("href", new Regex("^/tasks/[0-9a-f-]{36}$"));
        await ScreenshotAsync(page, "derived-dataset-running");

        await Expect(page.Locator(".dataset-page")).ToHaveAttributeAsync("data-status", "ready", s_untilReady);
        await Expect(page.GetByTestId("profile-view")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("preview-table")).ToBeVisibleAsync();
        await Expect(lineage.GetByTestId("fitted").First).ToBeVisibleAsync();

        var imputed = (await lineage.Locator("[data-testid=lineage-step][data-op=impute][data-enabled=true] .step-columns").AllTextContentsAsync())
            .SelectMany(text => text.Split(", ")).ToList();
        Assert.NotEmpty(imputed);
        var beforeAfter = page.GetByTestId("before-after");
        foreach (var column in imputed)
        {
            var change = beforeAfter.GetByTestId($"before-after-{column}");
            await Expect(change).ToHaveAttributeAsync("data-imputed", "true");
            await Expect(change).ToHaveAttributeAsync("data-missing-after", "0");
            await Expect(lineage.Locator($"[data-testid=lineage-step][data-op=impute] [data-testid=fitted] [data-field='{column}']")).ToContainTextAsync(s_fillSentence);
            // A column still there after the pipeline has its own card, which must say 0 missing too.
            var card = page.Locator($"[data-testid=column-card][data-column='{column}']");
            if (await card.CountAsync() > 0)
            {
                await Expect(card.Locator("[data-stat=Missing] dd")).ToHaveTextAsync(new Regex(@"^0\b"));
            }
        }
        var missingBefore = await beforeAfter.Locator("[data-imputed=true]").EvaluateAllAsync<long[]>("e => e.map(c => Number(c.dataset.missingBefore))");
        Assert.Contains(missingBefore, m => m > 0);

        // One new column per island, named and ordered as sklearn's OneHotEncoder names and sorts them.
        var parentProfile = await ProfileAsync(app, email, $"/datasets/{parentId}", cancellationToken);
        var oneHot = Column(parentProfile, "island").GetProperty("topValues").EnumerateArray()
            .Select(top => $"island_{top.GetProperty("value").GetString()}").Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(3, oneHot.Length);
        await Expect(page.Locator("[data-testid=column-card][data-column^=island_]")).ToHaveCountAsync(oneHot.Length);
        await Expect(page.Locator("[data-testid=column-card][data-column=island]")).ToHaveCountAsync(0);
        await Expect(beforeAfter.GetByTestId("before-after-island").GetByTestId("new-column")).ToHaveTextAsync(oneHot);
        await ScreenshotAsync(page, "derived-dataset-ready");
        await beforeAfter.ScreenshotAsync(new() { Path = Path.Combine(WebAppFixture.ScreenshotDirectory, "before-after.png") });
    });

    [Fact]
    public Task DerivedDatasetLinksToItsParentInListAndParentListsIt() => RunAsync(app, async page =>
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var parentId = await OpenSampleDatasetAsync(app, page, NewEmail(), "penguins.csv", cancellationToken);
        var childId = await RunPipelineAsync(page, parentId);

        await page.GotoAsync("/datasets");
        await WaitForCircuitAsync(page);
        var parentLink = page.Locator($"[data-testid=dataset-name][data-dataset-id='{childId}'] [data-testid=parent-link] a");
        await Expect(parentLink).ToHaveTextAsync("penguins");
        await Expect(parentLink).ToHaveAttributeAsync("href", $"/datasets/{parentId}");
        await Expect(page.Locator($"[data-testid=dataset-name][data-dataset-id='{parentId}'] [data-testid=child-count]")).ToHaveTextAsync("1 derived");
        await ScreenshotAsync(page, "datasets-list-derived");

        // The link sits in the child's row, which opens the child when clicked: the parent must open, not the child.
        await parentLink.ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/datasets/{parentId}$"));
        var child = page.Locator($"[data-testid=children] [data-testid=child][data-dataset-id='{childId}']");
        await Expect(child.GetByRole(AriaRole.Link)).ToHaveAttributeAsync("href", $"/datasets/{childId}");
        await Expect(child).ToContainTextAsync("penguins (preprocessed)");
    });

    [Fact]
    public Task RunClickedRightAfterAnEditRunsTheEditedPipeline() => RunAsync(app, async page =>
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var email = NewEmail();
        var parentId = await OpenSampleDatasetAsync(app, page, email, "penguins.csv", cancellationToken);
        var run = page.GetByTestId("run-pipeline");
        await Expect(run).ToHaveAttributeAsync("data-ready", "true");
        var scale = page.Locator("[data-testid=pipeline-editor] [data-testid=step-card][data-op=minmax_scale]");
        await Expect(scale).ToHaveAttributeAsync("data-enabled", "true");
        var stepId = await scale.GetAttributeAsync("data-step-id");

        // The parent's row held as an UPDATE holds it: the edit's save (an UPDATE of that row) waits, while a run that did
        // not wait for it goes through (starting one only reads the parent). So the click certainly comes mid-save.
        await using (await DatabaseLock.DatasetRowAsync(app.DatabaseConnectionString, parentId, cancellationToken))
        {
            await scale.Locator(".step-switch input[type=checkbox]").ClickAsync();
            await run.ClickAsync();
            // Waiting behind the save, or (the stale run this test catches) already on the output's page.
            await Expect(page.Locator("[data-testid=run-pipeline-area][data-state=starting]").Or(page.GetByTestId("lineage"))).ToBeVisibleAsync();
        }
        var childId = await OpenedDerivedDatasetAsync(page, parentId);

        var lineage = page.GetByTestId("lineage");
        await Expect(lineage.Locator($"[data-testid=lineage-step][data-step-id='{stepId}']")).ToHaveAttributeAsync("data-enabled", "false");
        await Expect(lineage.GetByTestId("fitted").First).ToBeVisibleAsync(new() { Timeout = s_untilReady.Timeout });
        await Expect(lineage.Locator($"[data-testid=lineage-step][data-step-id='{stepId}'] [data-testid=fitted]")).ToHaveCountAsync(0);
        using var api = await app.CreateApiClientAsync(email, cancellationToken);
        var child = await api.GetFromJsonAsync<JsonElement>($"/api/datasets/{childId}", cancellationToken);
        var fitted = child.GetProperty("lineage").GetProperty("fitted").GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("id").GetString()).ToList();
        Assert.NotEmpty(fitted);
        Assert.DoesNotContain(stepId, fitted);
    });

    [Fact]
    public Task RunPipelineIsOneButtonEnabledOnceTheChosenTargetsPipelineHasLoaded() => RunAsync(app, async page =>
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var parentId = await OpenSampleDatasetAsync(app, page, NewEmail(), "penguins.csv", cancellationToken);
        var run = page.GetByTestId("run-pipeline");
        await Expect(run).ToHaveAttributeAsync("data-ready", "true");
        var button = await run.ElementHandleAsync();

        // Reads of datasets wait while the table is locked, so the editor's load of another target's pipeline stays under way.
        await using (await DatabaseLock.DatasetsTableAsync(app.DatabaseConnectionString, cancellationToken))
        {
            await page.Locator("[data-testid=target-candidate][data-column=sex] input[type=radio]").ClickAsync();
            await Expect(page.GetByTestId("pipeline-editor")).ToHaveAttributeAsync("data-target", "sex");
            await Expect(run).ToHaveAttributeAsync("data-ready", "false");
            await Expect(run).ToBeDisabledAsync();
            await Expect(page.GetByTestId("run-pipeline-caption")).ToContainTextAsync("Loading the pipeline for sex");
        }
        await Expect(run).ToHaveAttributeAsync("data-ready", "true");
        // The same button, not one made anew for the target (a click on a button being replaced is lost).
        Assert.True(await button!.EvaluateAsync<bool>("b => b.isConnected"), "Run pipeline was re-created when the target changed.");

        await RunPipelineAsync(page, parentId);
        await Expect(page.GetByTestId("lineage").GetByTestId("lineage-summary")).ToContainTextAsync(new Regex(@"for target\s+sex"));
    });

    /// <summary>Clicks Run pipeline as a user would, as soon as it is enabled (Playwright's click waits for that), and follows to the output.</summary>
    private static async Task<Guid> RunPipelineAsync(IPage page, Guid parentId)
    {
        await page.GetByTestId("run-pipeline").ClickAsync();
        return await OpenedDerivedDatasetAsync(page, parentId);
    }

    private static async Task<Guid> OpenedDerivedDatasetAsync(IPage page, Guid parentId)
    {
        await Expect(page).ToHaveURLAsync(new Regex($"/datasets/(?!{parentId})[0-9a-f-]{{36}}$"), UntilNavigated);
        await WaitForCircuitAsync(page);
        return Guid.Parse(Regex.Match(page.Url, "/datasets/([0-9a-f-]{36})").Groups[1].Value);
    }
}
