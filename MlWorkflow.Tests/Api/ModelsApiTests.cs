using System.Net;
using System.Text.Json;
using MlWorkflow.Engine;
using MlWorkflow.Engine.Preprocessing;

namespace MlWorkflow.Tests.Api;

/// <summary>The model registry's reads, download and delete, on models registered as the worker registers them.</summary>
[Collection(nameof(ApiCollection))]
public sealed class ModelsApiTests(MlWorkflowApiFactory factory)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static readonly string[] s_modelFields =
    [
        "id", "name", "version", "datasetId", "datasetName", "datasetSha256", "target", "task", "metric", "algorithm", "members", "metrics",
        "validation", "featureImportance", "steps", "inputSchema", "labels", "seed", "trainTaskId", "sizeBytes", "createdAt",
    ];

    [Fact]
    public async Task ListShowsOwnModelsNewestFirstWithVersionsAndWithoutLeaderboardOrCharts()
    {
        var client = await factory.CreateUserClientAsync();
        var other = await factory.CreateUserClientAsync();
        var owner = await StoredModels.UserIdAsync(client);
        var datasetId = await ProfiledUploads.UploadSampleAsync(client, factory.ConnectionString, "penguins.csv");
        var first = await StoredModels.InsertAsync(factory.ConnectionString, owner, [1]);
        var second = await StoredModels.InsertAsync(factory.ConnectionString, owner, [2]);
        var trained = await StoredModels.InsertAsync(factory.ConnectionString, owner, [3], name: "on the dataset", datasetId: datasetId);
        await StoredModels.InsertAsync(factory.ConnectionString, await StoredModels.UserIdAsync(other), [4]);

        var all = await Uploads.GetJsonAsync(client, "/api/models");
        var ofDataset = await Uploads.GetJsonAsync(client, $"/api/models?datasetId={datasetId}");
        var secondPage = await Uploads.GetJsonAsync(client, "/api/models?page=2&pageSize=2");

        Assert.Equal(3, all.GetProperty("total").GetInt32());
        var items = all.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal([trained.Id, second.Id, first.Id], items.Select(m => m.GetProperty("id").GetGuid()));
        Assert.Equal([1, 2, 1], items.Select(m => m.GetProperty("version").GetInt32()).Reverse());
        Assert.All(items, m => Assert.Equal(s_modelFields, m.EnumerateObject().Select(p => p.Name)));
        Assert.Equal(trained.Id, Assert.Single(ofDataset.GetProperty("items").EnumerateArray()).GetProperty("id").GetGuid());
        Assert.Equal(first.Id, Assert.Single(secondPage.GetProperty("items").EnumerateArray()).GetProperty("id").GetGuid());
        Assert.Equal(1, (await Uploads.GetJsonAsync(other, "/api/models")).GetProperty("total").GetInt32());
        await ProblemAssert.IsAsync(await client.GetAsync("/api/models?datasetId=nope", Cancel), HttpStatusCode.BadRequest, "invalid_datasetId");
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/models?pageSize=101", Cancel)).StatusCode);
    }

    /// <summary>
    /// A model's steps read as they were sent, params included; a row an earlier worker wrote with the fitted steps
    /// instead ({id, op, columns: [{name, …}]}) still lists each step's id, op and columns rather than failing.
    /// </summary>
    [Fact]
    public async Task StepsReadAsSentAndFromRowsHoldingTheFittedSteps()
    {
        var client = await factory.CreateUserClientAsync();
        var owner = await StoredModels.UserIdAsync(client);
        var sent = new PipelineStepSpec("fill", "impute", ["bill_length_mm"], JsonSerializer.SerializeToElement(new { strategy = "median" }), 0.9, "Some values are missing.", true);
        var current = await StoredModels.InsertAsync(factory.ConnectionString, owner, [1], name: "steps-as-sent",
            steps: JsonSerializer.Serialize(new[] { sent }, EngineJson.Options));
        var fitted = new FittedStep("encode", "one_hot", [new FittedColumn("island") { Categories = ["Biscoe", "Dream"], Outputs = ["island_Biscoe", "island_Dream"] }]);
        var earlier = await StoredModels.InsertAsync(factory.ConnectionString, owner, [2], name: "steps-as-fitted",
            steps: JsonSerializer.Serialize(new[] { fitted }, EngineJson.Options));

        var step = Assert.Single((await Uploads.GetJsonAsync(client, $"/api/models/{current.Id}")).GetProperty("steps").EnumerateArray());
        Assert.Equal(("fill", "impute", "bill_length_mm", "median", true), (step.GetProperty("id").GetString(), step.GetProperty("op").GetString(),
            step.GetProperty("columns")[0].GetString(), step.GetProperty("params").GetProperty("strategy").GetString(), step.GetProperty("enabled").GetBoolean()));
        var old = Assert.Single((await Uploads.GetJsonAsync(client, $"/api/models/{earlier.Id}")).GetProperty("steps").EnumerateArray());
        Assert.Equal(("encode", "one_hot", "island", true), (old.GetProperty("id").GetString(), old.GetProperty("op").GetString(),
            Assert.Single(old.GetProperty("columns").EnumerateArray()).GetString(), old.GetProperty("enabled").GetBoolean()));
        Assert.Equal(2, (await Uploads.GetJsonAsync(client, "/api/models")).GetProperty("total").GetInt32());
    }

    /// <summary>The details list what each step fitted, camelCase, with only its op's fields; the list leaves them out.</summary>
    [Fact]
    public async Task GetReturnsWhatEachStepFittedAndTheListDoesNot()
    {
        var client = await factory.CreateUserClientAsync();
        var owner = await StoredModels.UserIdAsync(client);
        PipelineStepSpec[] steps =
        [
            new("dedupe", "drop_duplicates", [], JsonSerializer.SerializeToElement(new { }), null, null, true),
            new("fill", "impute", ["bill_length_mm"], JsonSerializer.SerializeToElement(new { strategy = "median" }), null, null, true),
            new("encode", "one_hot", ["island"], JsonSerializer.SerializeToElement(new { }), null, null, true),
        ];
        FittedStep[] fitted =
        [
            new("dedupe", "drop_duplicates", [], RowsRemoved: 2),
            new("fill", "impute", [new FittedColumn("bill_length_mm") { Strategy = "median", FillNumber = 44.45 }]),
            new("encode", "one_hot", [new FittedColumn("island") { Categories = ["Biscoe", "Dream"], Outputs = ["island_Biscoe", "island_Dream"] }]),
        ];
        var stored = await StoredModels.InsertAsync(factory.ConnectionString, owner, [1], name: "fitted",
            steps: JsonSerializer.Serialize(steps, EngineJson.Options), fittedSteps: JsonSerializer.Serialize(fitted, EngineJson.Options));

        var model = await Uploads.GetJsonAsync(client, $"/api/models/{stored.Id}");
        var list = await Uploads.GetJsonAsync(client, "/api/models");

        var shown = model.GetProperty("fittedSteps").EnumerateArray().ToList();
        Assert.Equal(model.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("id").GetString()), shown.Select(s => s.GetProperty("id").GetString()));
        Assert.Equal(2, shown[0].GetProperty("rowsRemoved").GetInt64());
        var fill = Assert.Single(shown[1].GetProperty("columns").EnumerateArray());
        Assert.Equal(["name", "strategy", "fillNumber"], fill.EnumerateObject().Select(p => p.Name));
        Assert.Equal(("bill_length_mm", "median", 44.45), (fill.GetProperty("name").GetString(), fill.GetProperty("strategy").GetString(), fill.GetProperty("fillNumber").GetDouble()));
        Assert.Equal(["Biscoe", "Dream"], shown[2].GetProperty("columns")[0].GetProperty("categories").EnumerateArray().Select(c => c.GetString()));
        Assert.False(Assert.Single(list.GetProperty("items").EnumerateArray()).TryGetProperty("fittedSteps", out _));
    }

    [Fact]
    public async Task GetReturnsTheWholeModelAsTheEngineStoredIt()
    {
        var client = await factory.GetSharedUserClientAsync();
        var owner = await StoredModels.UserIdAsync(client);
        var stored = await StoredModels.InsertAsync(factory.ConnectionString, owner, [1, 2, 3], name: "full");

        var model = await Uploads.GetJsonAsync(client, $"/api/models/{stored.Id}");

        Assert.Equal(s_modelFields.Concat(["leaderboard", "charts", "fittedSteps"]).Order(StringComparer.Ordinal),
            model.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal(("full", 1, "penguins", new string('a', 64)), (model.GetProperty("name").GetString(), model.GetProperty("version").GetInt32(),
            model.GetProperty("datasetName").GetString(), model.GetProperty("datasetSha256").GetString()));
        Assert.Equal(("species", "multiclass", "macroF1", "ensemble"), (model.GetProperty("target").GetString(), model.GetProperty("task").GetString(),
            model.GetProperty("metric").GetString(), model.GetProperty("algorithm").GetString()));
        Assert.Equal(0.75, model.GetProperty("members")[0].GetProperty("weight").GetDouble());
        Assert.Equal(31, model.GetProperty("members")[0].GetProperty("hyperparameters").GetProperty("numberOfLeaves").GetDouble());
        Assert.Equal(0.97, model.GetProperty("metrics").GetProperty("macroF1").GetDouble());
        Assert.Equal(("cv", 5, 333), (model.GetProperty("validation").GetProperty("method").GetString(),
            model.GetProperty("validation").GetProperty("folds").GetInt32(), model.GetProperty("validation").GetProperty("rows").GetInt32()));
        var leaderboard = model.GetProperty("leaderboard");
        Assert.Equal([1, 2, 3], leaderboard.EnumerateArray().Select(e => e.GetProperty("rank").GetInt32()));
        Assert.Equal("out of memory", leaderboard[2].GetProperty("error").GetString());
        Assert.Equal(JsonValueKind.Null, leaderboard[2].GetProperty("score").ValueKind);
        Assert.Equal([2.4, 0.9, 2.6], leaderboard.EnumerateArray().Select(e => e.GetProperty("endedAtSeconds").GetDouble()));
        Assert.Equal("flipper_length_mm", model.GetProperty("featureImportance")[0].GetProperty("feature").GetString());
        Assert.Equal(145, model.GetProperty("charts").GetProperty("confusionMatrix").GetProperty("counts")[0][0].GetInt32());
        Assert.Equal(0, model.GetProperty("steps").GetArrayLength());
        Assert.Equal(0, model.GetProperty("fittedSteps").GetArrayLength());
        var island = model.GetProperty("inputSchema")[0];
        Assert.Equal(("island", "categorical", 3), (island.GetProperty("name").GetString(), island.GetProperty("type").GetString(),
            island.GetProperty("categories").GetArrayLength()));
        Assert.False(model.GetProperty("inputSchema")[1].TryGetProperty("categories", out _));
        Assert.Equal(["Adelie", "Chinstrap", "Gentoo"], model.GetProperty("labels").EnumerateArray().Select(l => l.GetString()));
        Assert.Equal((7, 3L), (model.GetProperty("seed").GetInt32(), model.GetProperty("sizeBytes").GetInt64()));
        Assert.Equal(JsonValueKind.Null, model.GetProperty("trainTaskId").ValueKind);
    }

    [Fact]
    public async Task DownloadStreamsThePackageAsNameAndVersion()
    {
        var client = await factory.GetSharedUserClientAsync();
        var owner = await StoredModels.UserIdAsync(client);
        var package = new byte[3 * 1024 * 1024 + 17];
        new Random(5).NextBytes(package);
        await StoredModels.InsertAsync(factory.ConnectionString, owner, [0], name: "iris: v/1");
        var stored = await StoredModels.InsertAsync(factory.ConnectionString, owner, package, name: "iris: v/1");

        var response = await client.GetAsync($"/api/models/{stored.Id}/download", Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/zip", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("iris_ v_1-v2.mlwmodel", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName);
        Assert.Equal(package.Length, response.Content.Headers.ContentLength);
        Assert.Equal(package, await response.Content.ReadAsByteArrayAsync(Cancel));
    }

    [Fact]
    public async Task DeleteRemovesTheModelAndOthersGetNotFoundEverywhere()
    {
        var client = await factory.GetSharedUserClientAsync();
        var other = await factory.CreateUserClientAsync();
        var stored = await StoredModels.InsertAsync(factory.ConnectionString, await StoredModels.UserIdAsync(client), [1], name: "to delete");
        var datasetId = await ProfiledUploads.UploadSampleAsync(other, factory.ConnectionString, "penguins.csv");

        await ProblemAssert.IsAsync(await other.GetAsync($"/api/models/{stored.Id}", Cancel), HttpStatusCode.NotFound, "model_not_found");
        await ProblemAssert.IsAsync(await other.GetAsync($"/api/models/{stored.Id}/download", Cancel), HttpStatusCode.NotFound, "model_not_found");
        await ProblemAssert.IsAsync(await other.DeleteAsync($"/api/models/{stored.Id}", Cancel), HttpStatusCode.NotFound, "model_not_found");
        await ProblemAssert.IsAsync(await other.PostAsync($"/api/models/{stored.Id}/predict_batch", Json(new { datasetId }), Cancel),
            HttpStatusCode.NotFound, "model_not_found");
        await Uploads.GetJsonAsync(client, $"/api/models/{stored.Id}");

        var deleted = await client.DeleteAsync($"/api/models/{stored.Id}", Cancel);

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        await ProblemAssert.IsAsync(await client.GetAsync($"/api/models/{stored.Id}", Cancel), HttpStatusCode.NotFound, "model_not_found");
        await ProblemAssert.IsAsync(await client.GetAsync($"/api/models/{stored.Id}/download", Cancel), HttpStatusCode.NotFound, "model_not_found");
        await ProblemAssert.IsAsync(await client.DeleteAsync($"/api/models/{stored.Id}", Cancel), HttpStatusCode.NotFound, "model_not_found");
    }

    internal static StringContent Json(object body) =>
        new(JsonSerializer.Serialize(body), System.Text.Encoding.UTF8, "application/json");
}
