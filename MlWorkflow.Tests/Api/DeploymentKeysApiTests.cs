using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using MlWorkflow.Engine.Targets;
using MlWorkflow.Engine.Suggestions;

namespace MlWorkflow.Tests.Api;

/// <summary>Deployment keys: shown once, listed without secrets, accepted by their own deployment's predict only, revoked at once.</summary>
[Collection(nameof(ApiCollection))]
public sealed class DeploymentKeysApiTests(MlWorkflowApiFactory factory)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static readonly JsonObject[] s_row = [new() { ["sex"] = "female", ["age"] = 30, ["passengerClass"] = "2nd" }];

    private static Task<TrainedPackage> TitanicAsync() =>
        ServedModels.TrainAsync("titanic.csv", "survived", TargetTasks.Binary, maxTrials: 1, MlNetTrainers.LbfgsLogisticRegression);

    [Fact]
    public async Task AKeyIsShownOnceListedWithoutItAndPredictsForItsDeployment()
    {
        var (owner, _, deploymentId) = await ServedModels.DeployNewAsync(factory, await TitanicAsync());

        var response = await owner.PostAsJsonAsync($"/api/deployments/{deploymentId}/keys", new { name = "billing" }, Cancel);
        var created = await PipelineApiTests.ReadAsync(response, HttpStatusCode.Created);
        var key = created.GetProperty("key").GetString()!;
        var list = await Uploads.GetJsonAsync(owner, $"/api/deployments/{deploymentId}/keys");
        using var app = factory.CreateClient();
        app.DefaultRequestHeaders.Add("X-Api-Key", key);
        var prediction = await ServedModels.PredictOkAsync(app, deploymentId, s_row);

        Assert.Equal($"/api/deployments/{deploymentId}/keys", response.Headers.Location?.OriginalString);
        Assert.StartsWith("mlw_", key, StringComparison.Ordinal);
        Assert.Equal(("billing", key[..12]), (created.GetProperty("name").GetString(), created.GetProperty("prefix").GetString()));
        var listed = Assert.Single(list.GetProperty("items").EnumerateArray());
        Assert.Equal(["id", "name", "prefix", "createdAt", "revokedAt"], listed.EnumerateObject().Select(p => p.Name));
        Assert.Equal(created.GetProperty("id").GetGuid(), listed.GetProperty("id").GetGuid());
        Assert.DoesNotContain(key, list.GetRawText(), StringComparison.Ordinal);
        Assert.Equal(deploymentId, prediction.GetProperty("deploymentId").GetGuid());
        Assert.Equal(0, await ServedModels.ScalarAsync(factory.ConnectionString, "SELECT count(*) FROM deployment_keys WHERE hash = $1 OR prefix = $1", key));
    }

    [Fact]
    public async Task OnlyTheOwnersTokenOrTheDeploymentsOwnKeyMayPredict()
    {
        var trained = await TitanicAsync();
        var (owner, model, a) = await ServedModels.DeployNewAsync(factory, trained);
        var b = await ServedModels.DeployAsync(owner, model.Id);
        var keyOfA = await CreateKeyAsync(owner, a);
        var stranger = await factory.CreateUserClientAsync();
        var strangersModel = await ServedModels.InsertAsync(factory.ConnectionString, await StoredModels.UserIdAsync(stranger), trained, "theirs");
        var strangersDeployment = await ServedModels.DeployAsync(stranger, strangersModel.Id);

        using var withKey = factory.CreateClient();
        withKey.DefaultRequestHeaders.Add("X-Api-Key", keyOfA);
        using var badKey = factory.CreateClient();
        badKey.DefaultRequestHeaders.Add("X-Api-Key", "mlw_" + new string('x', 43));
        using var notAKey = factory.CreateClient();
        notAKey.DefaultRequestHeaders.Add("X-Api-Key", "hello");
        using var anonymous = factory.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await ServedModels.PredictAsync(withKey, a, s_row)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ServedModels.PredictAsync(owner, b, s_row)).StatusCode);
        await ProblemAssert.IsAsync(await ServedModels.PredictAsync(withKey, b, s_row), HttpStatusCode.NotFound, "deployment_not_found");
        await ProblemAssert.IsAsync(await ServedModels.PredictAsync(withKey, strangersDeployment, s_row), HttpStatusCode.NotFound, "deployment_not_found");
        await ProblemAssert.IsAsync(await ServedModels.PredictAsync(stranger, a, s_row), HttpStatusCode.NotFound, "deployment_not_found");
        await ProblemAssert.IsAsync(await ServedModels.PredictAsync(owner, strangersDeployment, s_row), HttpStatusCode.NotFound, "deployment_not_found");
        await ProblemAssert.IsAsync(await ServedModels.PredictAsync(owner, Guid.NewGuid(), s_row), HttpStatusCode.NotFound, "deployment_not_found");
        await ProblemAssert.IsAsync(await ServedModels.PredictAsync(badKey, a, s_row), HttpStatusCode.NotFound, "deployment_not_found");
        await ProblemAssert.IsAsync(await ServedModels.PredictAsync(notAKey, a, s_row), HttpStatusCode.NotFound, "deployment_not_found");
        await ProblemAssert.IsAsync(await ServedModels.PredictAsync(anonymous, a, s_row), HttpStatusCode.Unauthorized, "unauthenticated");
        // A key opens predict and nothing else.
        Assert.Equal(HttpStatusCode.Unauthorized, (await withKey.GetAsync($"/api/deployments/{a}", Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await withKey.GetAsync($"/api/deployments/{a}/keys", Cancel)).StatusCode);
    }

    [Fact]
    public async Task ARevokedKeyStopsAtOnceAndTheOtherKeysGoOn()
    {
        var (owner, _, deploymentId) = await ServedModels.DeployNewAsync(factory, await TitanicAsync());
        var (revokedId, revoked) = await CreateKeyWithIdAsync(owner, deploymentId);
        var kept = await CreateKeyAsync(owner, deploymentId);
        using var withRevoked = factory.CreateClient();
        withRevoked.DefaultRequestHeaders.Add("X-Api-Key", revoked);
        using var withKept = factory.CreateClient();
        withKept.DefaultRequestHeaders.Add("X-Api-Key", kept);
        // Both keys are now in this replica's cache of found keys.
        Assert.Equal(HttpStatusCode.OK, (await ServedModels.PredictAsync(withRevoked, deploymentId, s_row)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ServedModels.PredictAsync(withKept, deploymentId, s_row)).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await owner.DeleteAsync($"/api/deployments/{deploymentId}/keys/{revokedId}", Cancel)).StatusCode);

        await ProblemAssert.IsAsync(await ServedModels.PredictAsync(withRevoked, deploymentId, s_row), HttpStatusCode.NotFound, "deployment_not_found");
        Assert.Equal(HttpStatusCode.OK, (await ServedModels.PredictAsync(withKept, deploymentId, s_row)).StatusCode);
        var after = await Uploads.GetJsonAsync(owner, $"/api/deployments/{deploymentId}/keys");
        Assert.NotEqual(JsonValueKind.Null, after.GetProperty("items").EnumerateArray().Single(k => k.GetProperty("id").GetGuid() == revokedId)
            .GetProperty("revokedAt").ValueKind);
        Assert.Equal(HttpStatusCode.NoContent, (await owner.DeleteAsync($"/api/deployments/{deploymentId}/keys/{revokedId}", Cancel)).StatusCode);
        await ProblemAssert.IsAsync(await owner.DeleteAsync($"/api/deployments/{deploymentId}/keys/{Guid.NewGuid()}", Cancel), HttpStatusCode.NotFound, "key_not_found");
    }

    [Fact]
    public async Task KeysAreTheOwnersToManageAndNeedAName()
    {
        var (owner, _, deploymentId) = await ServedModels.DeployNewAsync(factory, await TitanicAsync());
        var (keyId, key) = await CreateKeyWithIdAsync(owner, deploymentId);
        var stranger = await factory.CreateUserClientAsync();
        var path = $"/api/deployments/{deploymentId}/keys";

        await ProblemAssert.IsAsync(await stranger.PostAsJsonAsync(path, new { name = "mine" }, Cancel), HttpStatusCode.NotFound, "deployment_not_found");
        await ProblemAssert.IsAsync(await stranger.GetAsync(path, Cancel), HttpStatusCode.NotFound, "deployment_not_found");
        await ProblemAssert.IsAsync(await stranger.DeleteAsync($"{path}/{keyId}", Cancel), HttpStatusCode.NotFound, "deployment_not_found");
        await ProblemAssert.IsAsync(await owner.DeleteAsync($"/api/deployments/{Guid.NewGuid()}/keys/{keyId}", Cancel), HttpStatusCode.NotFound, "deployment_not_found");
        foreach (var body in new object[] { new { }, new { name = " " }, new { name = new string('k', 101) } })
        {
            var problem = await ProblemAssert.IsAsync(await owner.PostAsJsonAsync(path, body, Cancel), HttpStatusCode.BadRequest, "invalid_key");
            Assert.True(problem.GetProperty("errors").TryGetProperty("name", out _));
        }
        using var text = new StringContent("name=x");
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await owner.PostAsync(path, text, Cancel)).StatusCode);
        Assert.Single((await Uploads.GetJsonAsync(owner, path)).GetProperty("items").EnumerateArray());
        using var withKey = factory.CreateClient();
        withKey.DefaultRequestHeaders.Add("X-Api-Key", key);
        Assert.Equal(HttpStatusCode.OK, (await ServedModels.PredictAsync(withKey, deploymentId, s_row)).StatusCode);
    }

    [Fact]
    public async Task DeletingTheDeploymentEndsItsKeysAndItsPredictions()
    {
        var (owner, _, deploymentId) = await ServedModels.DeployNewAsync(factory, await TitanicAsync());
        using var withKey = factory.CreateClient();
        withKey.DefaultRequestHeaders.Add("X-Api-Key", await CreateKeyAsync(owner, deploymentId));
        Assert.Equal(HttpStatusCode.OK, (await ServedModels.PredictAsync(withKey, deploymentId, s_row)).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await owner.DeleteAsync($"/api/deployments/{deploymentId}", Cancel)).StatusCode);

        await ProblemAssert.IsAsync(await ServedModels.PredictAsync(withKey, deploymentId, s_row), HttpStatusCode.NotFound, "deployment_not_found");
        await ProblemAssert.IsAsync(await ServedModels.PredictAsync(owner, deploymentId, s_row), HttpStatusCode.NotFound, "deployment_not_found");
    }

    private static async Task<string> CreateKeyAsync(HttpClient owner, Guid deploymentId) => (await CreateKeyWithIdAsync(owner, deploymentId)).Key;

    private static async Task<(Guid Id, string Key)> CreateKeyWithIdAsync(HttpClient owner, Guid deploymentId)
    {
        var response = await owner.PostAsJsonAsync($"/api/deployments/{deploymentId}/keys", new { name = $"k-{Guid.NewGuid():N}" }, Cancel);
        var created = await PipelineApiTests.ReadAsync(response, HttpStatusCode.Created);
        return (created.GetProperty("id").GetGuid(), created.GetProperty("key").GetString()!);
    }
}
