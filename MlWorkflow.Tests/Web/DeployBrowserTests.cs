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
/// Deploy a titanic model from its page, call it from the test form and with a key, switch to a second version and roll
/// back, check drift and acknowledge an alert, and see the deployment in the list; a served model cannot be deleted.
/// </summary>
[Slow]
[Collection(nameof(BrowserCollection))]
public sealed class DeployBrowserTests(WebAppFixture app)
{
    private const string ModelName = "titanic-survived";

    // A drift check on 2 shared cores: minutes under load, seconds when quiet.
    private static readonly LocatorAssertionsToHaveAttributeOptions s_untilChecked = new() { Timeout = 240_000 };

    [Fact]
    public Task DeployTitanicThenPredictSwitchRollBackAndAcknowledgeDrift() => RunAsync(app, async page =>
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var email = NewEmail();
        await RegisterAndLogInAsync(page, email);
        using var api = await app.CreateApiClientAsync(email, cancellationToken);
        var datasetId = await UploadSampleAsync(app, email, "titanic.csv", cancellationToken);
        await WaitForDatasetAsync(api, datasetId, cancellationToken);
        // Two versions of one model (same name): the second is what the deployment switches to.
        var first = await StartTrainingAsync(api, datasetId, "survived", ModelName, cancellationToken);
        var second = await StartTrainingAsync(api, datasetId, "survived", ModelName, cancellationToken);
        var v1 = await WaitForModelAsync(api, first, cancellationToken);
        var v2 = await WaitForModelAsync(api, second, cancellationToken);
        var versions = new Dictionary<Guid, int> { [v1] = await VersionAsync(api, v1, cancellationToken), [v2] = await VersionAsync(api, v2, cancellationToken) };
        var (older, newer) = versions[v1] < versions[v2] ? (v1, v2) : (v2, v1);
        using (var taken = await api.PostAsJsonAsync("/api/deployments", new { name = "titanic-taken", modelId = newer }, cancellationToken))
        {
            Assert.Equal(HttpStatusCode.Created, taken.StatusCode);
        }

        // Deploy from the model's page: the name starts as the model's; a taken or malformed one shows under the field.
        await page.GotoAsync($"/models/{older}");
        await WaitForCircuitAsync(page);
        await page.GetByTestId("deploy-model").ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        var name = dialog.GetByTestId("deploy-name");
        await Expect(name).ToHaveValueAsync(ModelName);
        await name.FillAsync("bad name!");
        await Expect(dialog).ToContainTextAsync("Use letters, digits");
        await Expect(dialog.GetByTestId("deploy-submit")).ToBeDisabledAsync();
        await name.FillAsync("titanic-taken");
        await dialog.GetByTestId("deploy-submit").ClickAsync();
        await Expect(dialog).ToContainTextAsync("already have a deployment named 'titanic-taken'");
        await name.FillAsync("titanic-prod");
        await ScreenshotAsync(page, "deploy-dialog");
        await dialog.GetByTestId("deploy-submit").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/deployments/[0-9a-f-]{36}$"), UntilNavigated);
        await WaitForCircuitAsync(page);
        var deploymentId = Guid.Parse(new Uri(page.Url).Segments[^1]);

        var deployment = page.Locator(".deployment-page");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "titanic-prod" })).ToBeVisibleAsync();
        await Expect(deployment).ToHaveAttributeAsync("data-model-id", older.ToString());
        await Expect(page.GetByTestId("served-model")).ToHaveTextAsync($"{ModelName} v{versions[older]}");
        await Expect(page.GetByTestId("predict-url")).ToHaveTextAsync(new Regex($"/api/deployments/{deploymentId}/predict$"));
        var predictUrl = (await page.GetByTestId("predict-url").TextContentAsync())!.Trim();
        var curl = page.GetByTestId("curl");
        await Expect(curl).ToContainTextAsync("X-Api-Key: YOUR_DEPLOYMENT_KEY");
        await Expect(curl).ToContainTextAsync($"/api/deployments/{deploymentId}/predict");
        await Expect(curl).ToContainTextAsync("\"rows\":[{");
        // The sample row is typical of the training data: titanic's most frequent sex and class.
        await Expect(curl).ToContainTextAsync("\"sex\":\"male\"");
        await Expect(curl).ToContainTextAsync("\"passengerClass\":\"3rd\"");
        await Expect(page.GetByTestId("traffic").GetByTestId("empty")).ToContainTextAsync("No requests in the last hour");
        await ScreenshotAsync(page, "deployment-overview");

        // Switch to the other version, then roll back in one click; the history keeps both moves.
        await Tab(page, "Model").ClickAsync();
        var versionsPanel = page.GetByTestId("versions");
        await Expect(versionsPanel.GetByTestId("history-row")).ToHaveCountAsync(1);
        await Expect(versionsPanel.GetByTestId("rollback")).ToHaveCountAsync(0);
        await versionsPanel.GetByTestId("switch-model-select").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasText = $"{ModelName} v{versions[newer]}" }).ClickAsync();
        await versionsPanel.GetByTestId("switch-model").ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Switch" }).ClickAsync();
        await Expect(deployment).ToHaveAttributeAsync("data-model-id", newer.ToString());
        await Expect(versionsPanel.GetByTestId("current-model")).ToContainTextAsync($"{ModelName} v{versions[newer]}");
        await Expect(versionsPanel.GetByTestId("history-row")).ToHaveCountAsync(2);
        var rollback = versionsPanel.GetByTestId("rollback");
        await Expect(rollback).ToHaveTextAsync($"Roll back to {ModelName} v{versions[older]}");
        await ScreenshotAsync(page, "deployment-switched");
        await rollback.ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Roll back" }).ClickAsync();
        await Expect(deployment).ToHaveAttributeAsync("data-model-id", older.ToString());
        await Expect(versionsPanel.GetByTestId("history-row")).ToHaveCountAsync(3);
        await Expect(versionsPanel.GetByTestId("history-row").First).ToHaveAttributeAsync("data-model-id", older.ToString());
        await Expect(page.GetByTestId("served-model")).ToHaveTextAsync($"{ModelName} v{versions[older]}");

        // A key is shown once; it calls the predict URL the page shows, and stops working once revoked.
        await Tab(page, "Keys").ClickAsync();
        var keys = page.GetByTestId("keys");
        await Expect(keys.GetByTestId("empty")).ToBeVisibleAsync();
        await keys.GetByTestId("key-name").FillAsync("browser-test");
        await keys.GetByTestId("create-key").ClickAsync();
        var key = (await keys.GetByTestId("new-key-value").TextContentAsync())!.Trim();
        await Expect(keys.GetByTestId("new-key")).ToContainTextAsync("not shown again");
        await Expect(keys.GetByTestId("key-row")).ToHaveCountAsync(1);
        await ScreenshotAsync(page, "deployment-key-created");
        using (var keyed = await PredictWithKeyAsync(key, predictUrl, cancellationToken))
        {
            Assert.Equal(HttpStatusCode.OK, keyed.StatusCode);
        }

        // The test form: a field per input column, prefilled with the sample row; Predict shows the label and its probabilities.
        await Tab(page, "Test").ClickAsync();
        var form = page.GetByTestId("predict-form");
        var columns = (await ModelAsync(api, older, cancellationToken)).GetProperty("inputSchema").GetArrayLength();
        await Expect(form.GetByTestId("predict-field")).ToHaveCountAsync(columns);
        await form.GetByTestId("predict").ClickAsync();
        var prediction = form.GetByTestId("prediction");
        await Expect(prediction).ToHaveAttributeAsync("data-model-version", versions[older].ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Expect(prediction.GetByTestId("prediction-label")).ToHaveTextAsync(new Regex("^(yes|no)$"));
        await Expect(prediction.GetByTestId("probability")).ToHaveCountAsync(2);
        await ScreenshotAsync(page, "deployment-test-form");

        await Tab(page, "Keys").ClickAsync();
        await keys.GetByTestId("revoke-key").ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Revoke" }).ClickAsync();
        await Expect(keys.GetByTestId("key-row")).ToHaveAttributeAsync("data-revoked", "true");
        using (var revoked = await PredictWithKeyAsync(key, predictUrl, cancellationToken))
        {
            // Refused: a key that matches no live one reveals nothing about the deployment (404), as a missing one.
            Assert.Equal(HttpStatusCode.NotFound, revoked.StatusCode);
        }

        // The two predictions reach the traffic charts by the page's own refresh (the refused key's request never reached the deployment).
        await Tab(page, "Overview").ClickAsync();
        var traffic = page.GetByTestId("traffic");
        await Expect(traffic.Locator("[data-total=Requests] .total-value")).ToHaveTextAsync("2");
        await Expect(traffic.GetByTestId("requests-chart").Locator("svg path.mud-chart-bar").First).ToBeAttachedAsync();
        await Expect(traffic.GetByTestId("latency-chart").Locator("svg path.mud-chart-bar").First).ToBeAttachedAsync();
        await ScreenshotAsync(page, "deployment-traffic");

        // A check judges no fewer rows than the deployment's minimum (100 by default): 1 here, for the two rows predicted above.
        await Tab(page, "Settings").ClickAsync();
        var settings = page.GetByTestId("settings");
        var minRows = settings.GetByTestId("drift-min-rows");
        await Expect(minRows).ToHaveValueAsync("100");
        await minRows.FillAsync("1");
        await minRows.PressAsync("Tab");
        await settings.GetByTestId("save-settings").ClickAsync();
        await Expect(page.Locator(".mud-snackbar")).ToContainTextAsync("Settings saved");
        await ScreenshotAsync(page, "deployment-settings");
        var saved = await api.GetFromJsonAsync<JsonElement>($"/api/deployments/{deploymentId}", cancellationToken);
        Assert.Equal(1, saved.GetProperty("driftSettings").GetProperty("minRows").GetInt32());

        // Drift: nothing checked yet; Check now runs a drift_check task, whose report replaces the empty state when it ends.
        await page.GotoAsync($"/deployments/{deploymentId}?tab=drift");
        await WaitForCircuitAsync(page);
        var drift = page.GetByTestId("drift");
        await Expect(drift.GetByTestId("empty").First).ToContainTextAsync("No drift check yet");
        await Expect(page.Locator("[data-testid=nav-alerts] .alerts-link")).ToHaveAttributeAsync("data-count", "0");
        await drift.GetByTestId("check-drift").ClickAsync();
        var task = drift.GetByTestId("drift-task-link");
        await Expect(task).ToHaveAttributeAsync("href", new Regex("^/tasks/[0-9a-f-]{36}$"));
        await Expect(task).ToHaveAttributeAsync("data-status", "completed", s_untilChecked);
        // Both rows were a woman in first class (a third of the training rows are women, a quarter in first class): the input drifted.
        var report = drift.GetByTestId("drift-report");
        await Expect(report).ToHaveAttributeAsync("data-status", "complete");
        await Expect(report.GetByTestId("drift-message")).ToContainTextAsync("2 rows");
        await Expect(report.GetByTestId("dataset-drift")).ToHaveAttributeAsync("data-drift", "drifted");
        var sex = report.Locator("[data-testid=feature-drift][data-feature=sex]");
        await Expect(sex).ToHaveAttributeAsync("data-drifted", "true");
        await Expect(sex.GetByTestId("drift-histogram").Locator("svg path.mud-chart-bar")).Not.ToHaveCountAsync(0);
        await Expect(report.Locator("[data-testid=feature-drift]")).ToHaveCountAsync(columns + 1); // the columns and the predictions

        var alerts = (await api.GetFromJsonAsync<JsonElement>($"/api/drift_alerts?deploymentId={deploymentId}&acknowledged=false", cancellationToken))
            .GetProperty("unacknowledged").GetInt32();
        Assert.True(alerts >= 2, $"{alerts} alerts"); // at least the sex column and the dataset
        var alertRows = drift.Locator("[data-testid=alerts-table] tr.alert-row");
        await Expect(alertRows).ToHaveCountAsync(Math.Min(alerts, 20));
        var badge = page.Locator("[data-testid=nav-alerts] .alerts-link");
        await Expect(badge).ToHaveAttributeAsync("data-count", $"{alerts}");
        await ScreenshotAsync(page, "deployment-drift");
        await alertRows.First.GetByTestId("acknowledge").ClickAsync();
        await Expect(badge).ToHaveAttributeAsync("data-count", $"{alerts - 1}");
        await Expect(alertRows).ToHaveCountAsync(Math.Min(alerts - 1, 20));

        // The badge opens every deployment's alerts, each leading back to its deployment's drift tab.
        await page.GetByTestId("nav-alerts").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/alerts$"), UntilNavigated);
        var allAlerts = page.Locator("[data-testid=alerts-table] tr.alert-row");
        await Expect(allAlerts).ToHaveCountAsync(Math.Min(alerts - 1, 20));
        await Expect(allAlerts.First.GetByTestId("alert-deployment")).ToHaveAttributeAsync("href", $"/deployments/{deploymentId}?tab=drift");
        await ScreenshotAsync(page, "drift-alerts");

        // The list shows both deployments with the model each serves; a served model cannot be deleted.
        await page.GetByRole(AriaRole.Link, new() { Name = "Deployments", Exact = true }).ClickAsync();
        var rows = page.Locator("[data-testid=deployments-table] tr.deployment-row");
        await Expect(rows).ToHaveCountAsync(2);
        var prod = rows.Filter(new() { HasText = "titanic-prod" });
        await Expect(prod.GetByTestId("deployment-model")).ToHaveTextAsync($"{ModelName} v{versions[older]}");
        await Expect(prod.GetByTestId("deployment-model")).ToHaveAttributeAsync("href", $"/models/{older}");
        await Expect(prod.GetByTestId("alert-count")).ToHaveAttributeAsync("data-count", $"{alerts - 1}");
        await Expect(prod).ToContainTextAsync("binary");
        await ScreenshotAsync(page, "deployments");

        await prod.GetByTestId("deployment-model").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/models/{older}$"), UntilNavigated);
        await WaitForCircuitAsync(page);
        await page.GetByTestId("delete-model").ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await Expect(page.GetByTestId("problem")).ToContainTextAsync("'titanic-prod'");
        await Expect(page.GetByTestId("open-deployments")).ToHaveAttributeAsync("href", "/deployments");
    });

    private static ILocator Tab(IPage page, string name) => page.Locator(".mud-tabs .mud-tab", new() { HasText = name });

    // As a program would: the URL the page shows, the key and no token.
    private static async Task<HttpResponseMessage> PredictWithKeyAsync(string key, string url, CancellationToken cancellationToken)
    {
        using var client = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = JsonContent.Create(new { rows = new[] { new Dictionary<string, object?> { ["sex"] = "female", ["age"] = 30, ["passengerClass"] = "1st" } } }),
        };
        request.Headers.Add("X-Api-Key", key);
        return await client.SendAsync(request, cancellationToken);
    }

    private static async Task<int> VersionAsync(HttpClient api, Guid modelId, CancellationToken cancellationToken) =>
        (await ModelAsync(api, modelId, cancellationToken)).GetProperty("version").GetInt32();
}
