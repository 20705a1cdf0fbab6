using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using MlWorkflow.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;
using static MlWorkflow.Tests.Web.BrowserSession;
using static MlWorkflow.Tests.Web.DatasetProfileBrowserTests;
using static MlWorkflow.Tests.Web.TrainingApiCalls;

namespace MlWorkflow.Tests.Web;

/// <summary>
/// Train on titanic from its page, follow the search live, open the model, and score titanic with it; stop a long search
/// and keep its best; the panel's field errors; train through the saved pipeline; delete a model, but not a served one.
/// </summary>
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
        var panel = await ReadyPanelAsync(page, "survived");
        await Expect(panel.GetByTestId("plan-validation")).ToContainTextAsync("validation");

        await SetBudgetAsync(panel, "20");
        await Expect(panel.GetByTestId("start-training")).ToBeEnabledAsync();
        await ScreenshotAsync(page, "train-panel");
        await panel.GetByTestId("start-training").ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("/tasks/[0-9a-f-]{36}$"), UntilNavigated);
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
        await Expect(page).ToHaveURLAsync(new Regex("/models/[0-9a-f-]{36}$"), UntilNavigated);
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
        await Expect(page).ToHaveURLAsync(new Regex($"/datasets/(?!{datasetId})[0-9a-f-]{{36}}$"), UntilNavigated);
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

    /// <summary>A 300 s search stopped after its first trial completes with that best model within seconds, not at its budget.</summary>
    [Fact]
    public Task StopAndKeepBestEndsALongSearchWithAModelWellBeforeItsBudget() => RunAsync(app, async page =>
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await OpenSampleDatasetAsync(app, page, NewEmail(), "iris.csv", cancellationToken);
        var panel = await ReadyPanelAsync(page, "target");
        await SetBudgetAsync(panel, "300");
        var clock = Stopwatch.StartNew();
        await panel.GetByTestId("start-training").ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("/tasks/[0-9a-f-]{36}$"), UntilNavigated);
        await WaitForCircuitAsync(page);
        var progress = page.GetByTestId("training-progress");
        await Expect(progress.GetByTestId("leaderboard-row").First).ToBeVisibleAsync(s_untilVisible);
        // The live chart is by seconds into the search, as the model page's.
        await Expect(progress.Locator("[data-testid=best-score-chart] [data-x]")).ToHaveAttributeAsync("data-x", "seconds");
        await progress.GetByTestId("stop-training").ClickAsync();

        await Expect(progress.GetByTestId("open-model")).ToBeVisibleAsync(s_untilVisible);
        var took = clock.Elapsed;
        var summary = progress.GetByTestId("training-summary");
        await Expect(summary).ToHaveAttributeAsync("data-stopped-by", "stop");
        await Expect(summary).ToContainTextAsync("stopped on request");
        await Expect(progress.GetByTestId("stop-training")).ToHaveCountAsync(0);
        // Half the budget is slack enough for 2 loaded cores; a search that ran on would take the whole 300 s.
        Assert.True(took < TimeSpan.FromSeconds(150), $"the stopped search took {took.TotalSeconds:0} s of its 300 s budget");
        await ScreenshotAsync(page, "train-task-stopped");

        await progress.GetByTestId("open-model").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/models/[0-9a-f-]{36}$"), UntilNavigated);
        await WaitForCircuitAsync(page);
        await Expect(page.Locator("[data-fact=Target]")).ToHaveTextAsync("target");
        await Expect(page.GetByTestId("leaderboard").GetByTestId("leaderboard-row").First).ToBeVisibleAsync();
    });

    /// <summary>
    /// A budget outside 5 s to 24 h shows what is allowed at the field and cannot start; a task the target cannot have
    /// shows the Api's error at the task field, and Train then starts nothing.
    /// </summary>
    [Fact]
    public Task TheTrainPanelShowsFieldErrorsAndStartsNothingWhileTheyStand() => RunAsync(app, async page =>
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var email = NewEmail();
        var datasetId = await OpenSampleDatasetAsync(app, page, email, "iris.csv", cancellationToken);
        var panel = await ReadyPanelAsync(page, "target");
        var start = panel.GetByTestId("start-training");
        var budget = Field(panel, "train-budget");

        await SetBudgetAsync(panel, "3");
        await Expect(budget).ToContainTextAsync("3 s is outside the allowed budget: choose from 5 s to 86,400 s (24 hours).");
        await Expect(start).ToBeDisabledAsync();
        await Expect(panel.GetByTestId("plan-algorithm")).ToHaveCountAsync(0);
        await ScreenshotAsync(page, "train-panel-budget-error");
        await SetBudgetAsync(panel, "90000");
        await Expect(budget).ToContainTextAsync("90000 s is outside the allowed budget");
        await Expect(start).ToBeDisabledAsync();
        await SetBudgetAsync(panel, "5");
        await Expect(budget).Not.ToContainTextAsync("outside");
        await Expect(start).ToBeEnabledAsync();
        await Expect(panel.GetByTestId("plan-algorithm").First).ToBeVisibleAsync(s_untilVisible);

        // iris's target is a class: the Api's plan refuses regression, and says so under the task.
        await panel.GetByTestId("train-task").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasText = "regression" }).ClickAsync();
        var task = Field(panel, "train-task");
        await Expect(task).ToContainTextAsync("regression predicts a number", new() { Timeout = s_untilVisible.Timeout });
        await start.ClickAsync();
        await Expect(start).ToBeEnabledAsync(); // the refused start is over
        await Expect(task).ToContainTextAsync("regression predicts a number");
        Assert.EndsWith($"/datasets/{datasetId}", page.Url, StringComparison.Ordinal);
        using var api = await app.CreateApiClientAsync(email, cancellationToken);
        var tasks = await api.GetFromJsonAsync<JsonElement>("/api/tasks?kind=train", cancellationToken);
        Assert.Equal(0, tasks.GetProperty("total").GetInt32());
        await ScreenshotAsync(page, "train-panel-task-error");
    });

    /// <summary>
    /// penguins' pipeline, once saved in the editor, is offered by the Train panel (on by default) with its steps
    /// switched on; the model trained through it lists those steps.
    /// </summary>
    [Fact]
    public Task TrainingWithTheSavedPipelineFitsItsStepsInsideTheModel() => RunAsync(app, async page =>
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var email = NewEmail();
        var datasetId = await OpenSampleDatasetAsync(app, page, email, "penguins.csv", cancellationToken);
        var panel = await ReadyPanelAsync(page, "species");
        var editor = page.GetByTestId("pipeline-editor");
        await Expect(editor).ToHaveAttributeAsync("data-saved", "false");
        await Expect(editor.GetByTestId("step-card").First).ToBeVisibleAsync();
        var enabled = await editor.Locator("[data-testid=step-card][data-enabled=true]").CountAsync();
        Assert.True(enabled >= 2, $"{enabled} suggested steps on");
        // The suggestion alone is not a saved pipeline: nothing to offer yet.
        await Expect(panel.GetByTestId("train-pipeline")).ToHaveCountAsync(0);
        await Expect(panel).ToHaveAttributeAsync("data-steps", "0");

        // Each save in the editor reaches the panel: a step switched off is not sent, switched on again it is.
        var impute = editor.Locator("[data-testid=step-card][data-op=impute]").First;
        await impute.Locator(".step-switch input[type=checkbox]").ClickAsync();
        await Expect(editor).ToHaveAttributeAsync("data-saved", "true");
        await Expect(panel).ToHaveAttributeAsync("data-steps", $"{enabled - 1}");
        await impute.Locator(".step-switch input[type=checkbox]").ClickAsync();
        await Expect(impute).ToHaveAttributeAsync("data-enabled", "true");
        await Expect(panel).ToHaveAttributeAsync("data-steps", $"{enabled}");
        var use = panel.Locator(".use-pipeline input[type=checkbox]");
        await Expect(use).ToBeCheckedAsync();
        await Expect(panel.GetByTestId("train-pipeline-steps")).ToContainTextAsync("one_hot");
        // Off sends no step, and the plan counts the columns as they are; on again, all of them, and the plan counts after them.
        var plan = panel.GetByTestId("plan-validation");
        await Expect(plan).ToHaveAttributeAsync("data-pipeline-steps", $"{enabled}");
        await use.ClickAsync();
        await Expect(panel).ToHaveAttributeAsync("data-steps", "0");
        await Expect(plan).ToHaveAttributeAsync("data-pipeline-steps", "0");
        await use.ClickAsync();
        await Expect(panel).ToHaveAttributeAsync("data-steps", $"{enabled}");
        await Expect(plan).ToHaveAttributeAsync("data-pipeline-steps", $"{enabled}");
        using var api = await app.CreateApiClientAsync(email, cancellationToken);
        var planned = await api.GetFromJsonAsync<JsonElement>($"/api/train/plan?datasetId={datasetId}&target=species&useSavedPipeline=true", cancellationToken);
        await Expect(plan).ToHaveAttributeAsync("data-features", $"{planned.GetProperty("features").GetInt32()}");
        await Expect(plan).ToContainTextAsync($"features after the saved pipeline's {enabled} steps");
        var saved = await api.GetFromJsonAsync<JsonElement>($"/api/datasets/{datasetId}/pipeline", cancellationToken);
        var ops = saved.GetProperty("steps").EnumerateArray().Where(step => step.GetProperty("enabled").GetBoolean())
            .Select(step => step.GetProperty("op").GetString()).ToList();
        Assert.Contains("impute", ops);
        Assert.Contains("one_hot", ops);

        await SetBudgetAsync(panel, "10");
        await ScreenshotAsync(page, "train-panel-pipeline");
        await panel.GetByTestId("start-training").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/tasks/[0-9a-f-]{36}$"), UntilNavigated);
        await WaitForCircuitAsync(page);
        var openModel = page.GetByTestId("training-progress").GetByTestId("open-model");
        await Expect(openModel).ToBeVisibleAsync(s_untilVisible);
        await openModel.ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/models/[0-9a-f-]{36}$"), UntilNavigated);
        await WaitForCircuitAsync(page);

        var steps = page.GetByTestId("model-steps").GetByTestId("model-step");
        await Expect(steps).ToHaveCountAsync(ops.Count);
        var shown = new List<string?>();
        for (var i = 0; i < ops.Count; i++)
        {
            shown.Add(await steps.Nth(i).GetAttributeAsync("data-op"));
        }
        Assert.Equal(ops, shown);
        // Each step shows what it fitted, a line per column: the encoder's categories (those of the file), the imputer's fill value.
        await Expect(page.Locator("[data-testid=model-step][data-op=one_hot] [data-testid=fitted] [data-field=island]")).ToContainTextAsync("→ 3 columns: Biscoe, Dream, Torgersen");
        var model = await api.GetFromJsonAsync<JsonElement>($"/api/models/{page.Url[^36..]}", cancellationToken);
        var fills = model.GetProperty("fittedSteps").EnumerateArray().Where(step => step.GetProperty("op").GetString() == "impute")
            .SelectMany(step => step.GetProperty("columns").EnumerateArray().Where(c => c.TryGetProperty("fillNumber", out _))
                .Select(c => (Step: step.GetProperty("id").GetString(), Column: c.GetProperty("name").GetString(), Fill: c.GetProperty("fillNumber").GetDouble())))
            .ToList();
        Assert.NotEmpty(fills);
        foreach (var (step, column, fill) in fills)
        {
            await Expect(page.Locator($"[data-testid=model-step][data-step-id='{step}'] [data-testid=fitted] [data-field='{column}']"))
                .ToContainTextAsync(fill.ToString("0.####", CultureInfo.InvariantCulture));
        }
        await ScreenshotAsync(page, "model-with-pipeline");
    });

    /// <summary>Delete asks first, then goes back to the Models list without the model; a served model stays, with the Api's reason.</summary>
    [Fact]
    public Task DeletingAModelFromItsPageRemovesItButNotAServedOne() => RunAsync(app, async page =>
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var email = NewEmail();
        await RegisterAndLogInAsync(page, email);
        using var api = await app.CreateApiClientAsync(email, cancellationToken);
        var datasetId = await UploadSampleAsync(app, email, "iris.csv", cancellationToken);
        await WaitForDatasetAsync(api, datasetId, cancellationToken);
        var servedTask = await StartTrainingAsync(api, datasetId, "target", "iris-served", cancellationToken);
        var spareTask = await StartTrainingAsync(api, datasetId, "target", "iris-spare", cancellationToken);
        var served = await WaitForModelAsync(api, servedTask, cancellationToken);
        var spare = await WaitForModelAsync(api, spareTask, cancellationToken);
        using (var deployed = await api.PostAsJsonAsync("/api/deployments", new { name = "iris-prod", modelId = served }, cancellationToken))
        {
            Assert.Equal(HttpStatusCode.Created, deployed.StatusCode);
        }

        // A served model: the Api refuses (409 model_deployed) and the page says which deployment serves it.
        await page.GotoAsync($"/models/{served}");
        await WaitForCircuitAsync(page);
        await page.GetByTestId("delete-model").ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Expect(dialog).ToContainTextAsync("'iris-served v1'");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await Expect(page.GetByTestId("problem")).ToContainTextAsync("'iris-prod'");
        await Expect(page.GetByTestId("open-deployments")).ToHaveAttributeAsync("href", "/deployments");
        await Expect(page.GetByTestId("model-facts")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("delete-model")).ToBeEnabledAsync();
        Assert.EndsWith($"/models/{served}", page.Url, StringComparison.Ordinal);
        await ScreenshotAsync(page, "model-delete-refused");

        // Cancel keeps the model; Delete removes it and lands on the list, where only the served one is left.
        await page.GotoAsync($"/models/{spare}");
        await WaitForCircuitAsync(page);
        await page.GetByTestId("delete-model").ClickAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Expect(dialog).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("model-facts")).ToBeVisibleAsync();
        await page.GetByTestId("delete-model").ClickAsync();
        await Expect(dialog).ToContainTextAsync("'iris-spare v1'");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/models$"), UntilNavigated);
        await Expect(page.Locator(".mud-snackbar")).ToContainTextAsync("Deleted iris-spare v1.");
        var rows = page.Locator("[data-testid=models-table] tr.model-row");
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows.GetByTestId("model-link")).ToHaveAttributeAsync("href", $"/models/{served}");
        using (var gone = await api.GetAsync($"/api/models/{spare}", cancellationToken))
        {
            Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        }
    });

    /// <summary>The panel once the dataset is profiled and the target's trainers and plan are loaded: ready to be used.</summary>
    private static async Task<ILocator> ReadyPanelAsync(IPage page, string target)
    {
        await Expect(page.Locator(".dataset-page")).ToHaveAttributeAsync("data-status", "ready", s_untilReady);
        var panel = page.GetByTestId("train-panel");
        await Expect(panel).ToHaveAttributeAsync("data-target", target, s_untilReady);
        await Expect(panel.GetByTestId("algorithm-chip").First).ToBeVisibleAsync();
        await Expect(panel.GetByTestId("plan-algorithm").First).ToBeVisibleAsync(s_untilVisible);
        return panel;
    }

    // The budget is committed when the field loses focus; the panel's data-budget says it was.
    private static async Task SetBudgetAsync(ILocator panel, string seconds)
    {
        var budget = panel.Locator("input[data-testid=train-budget], [data-testid=train-budget] input").First;
        await budget.FillAsync(seconds);
        await budget.PressAsync("Tab");
        await Expect(panel).ToHaveAttributeAsync("data-budget", seconds);
    }

    /// <summary>A MudBlazor field with its helper text, where its error shows.</summary>
    private static ILocator Field(ILocator panel, string testId) =>
        panel.Locator(".mud-input-control").Filter(new() { Has = panel.Page.Locator($"[data-testid={testId}]") }).Last;
}
