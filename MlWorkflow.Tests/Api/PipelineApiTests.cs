using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MlWorkflow.Tests.Api;

[Collection(nameof(ApiCollection))]
public sealed class PipelineApiTests(MlWorkflowApiFactory factory)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task EditedPipelineRoundTripsThroughPutAndGet()
    {
        var client = await factory.GetSharedUserClientAsync();
        var id = await ProfiledUploads.UploadSampleAsync(client, factory.ConnectionString, "penguins.csv");
        var body = await SuggestedBodyAsync(client, id);
        var steps = body["steps"]!.AsArray();
        steps[0]!["enabled"] = false;
        steps.Add(new JsonObject
        {
            ["id"] = "clip", ["op"] = "clip_outliers", ["columns"] = new JsonArray("bill_depth_mm"),
            ["params"] = new JsonObject { ["upper_quantile"] = 0.95, ["lower_quantile"] = 0.05 }, ["confidence"] = 0.5, ["rationale"] = "mine",
        });
        steps.Add(new JsonObject { ["id"] = "mine", ["op"] = "standard_scale", ["columns"] = new JsonArray("bill_length_mm", "bill_depth_mm") });

        var put = await client.PutAsJsonAsync($"/api/datasets/{id}/pipeline", body, Cancel);
        var saved = await ReadAsync(put, HttpStatusCode.OK);
        var got = await Uploads.GetJsonAsync(client, $"/api/datasets/{id}/pipeline");

        Assert.True(JsonElement.DeepEquals(saved, got), $"PUT answered {saved}, GET read {got}");
        Assert.Equal(id, got.GetProperty("datasetId").GetGuid());
        Assert.Equal("species", got.GetProperty("target").GetString());
        Assert.Equal("multiclass", got.GetProperty("task").GetString());
        var gotSteps = got.GetProperty("steps").EnumerateArray().ToList();
        Assert.Equal(steps.Count, gotSteps.Count);
        for (var i = 0; i < steps.Count - 1; i++)
        {
            Assert.Equal(steps[i]!["id"]!.GetValue<string>(), gotSteps[i].GetProperty("id").GetString());
            Assert.Equal(steps[i]!["rationale"]!.GetValue<string>(), gotSteps[i].GetProperty("rationale").GetString());
            Assert.Equal(steps[i]!["confidence"]!.GetValue<double>(), gotSteps[i].GetProperty("confidence").GetDouble());
            Assert.True(JsonElement.DeepEquals(JsonSerializer.SerializeToElement(steps[i]!["params"]), gotSteps[i].GetProperty("params")));
        }
        Assert.False(gotSteps[0].GetProperty("enabled").GetBoolean());
        var mine = gotSteps[^1];
        Assert.Equal(JsonValueKind.Null, mine.GetProperty("confidence").ValueKind);
        Assert.Equal(JsonValueKind.Null, mine.GetProperty("rationale").ValueKind);
        Assert.True(mine.GetProperty("enabled").GetBoolean());
        Assert.Equal(JsonValueKind.Object, mine.GetProperty("params").ValueKind);
        Assert.InRange(got.GetProperty("updatedAt").GetDateTimeOffset(), DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1));
    }

    [Fact]
    public async Task SavedPipelineShowsAsHasPipelineUntilDeleted()
    {
        var client = await factory.CreateUserClientAsync();
        var id = await ProfiledUploads.UploadSampleAsync(client, factory.ConnectionString, "iris.csv");
        Assert.False((await Uploads.GetJsonAsync(client, $"/api/datasets/{id}")).GetProperty("hasPipeline").GetBoolean());

        (await client.PutAsJsonAsync($"/api/datasets/{id}/pipeline", await SuggestedBodyAsync(client, id), Cancel)).EnsureSuccessStatusCode();
        var detail = await Uploads.GetJsonAsync(client, $"/api/datasets/{id}");
        var listed = (await Uploads.GetJsonAsync(client, "/api/datasets")).GetProperty("items")[0];
        var deleted = await client.DeleteAsync($"/api/datasets/{id}/pipeline", Cancel);
        var afterDelete = await client.GetAsync($"/api/datasets/{id}/pipeline", Cancel);

        Assert.True(detail.GetProperty("hasPipeline").GetBoolean());
        Assert.True(listed.GetProperty("hasPipeline").GetBoolean());
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        await ProblemAssert.IsAsync(afterDelete, HttpStatusCode.NotFound, "pipeline_not_saved");
        Assert.False((await Uploads.GetJsonAsync(client, $"/api/datasets/{id}")).GetProperty("hasPipeline").GetBoolean());
    }

    [Fact]
    public async Task GetPipelineWhenNoneSavedPointsToTheSuggestion()
    {
        var client = await factory.GetSharedUserClientAsync();
        var id = await ProfiledUploads.UploadSampleAsync(client, factory.ConnectionString, "iris.csv");

        var response = await client.GetAsync($"/api/datasets/{id}/pipeline", Cancel);

        var problem = await ProblemAssert.IsAsync(response, HttpStatusCode.NotFound, "pipeline_not_saved");
        Assert.Contains($"/api/suggest/pipeline?datasetId={id}", problem.GetProperty("fix").GetString());
    }

    [Fact]
    public async Task PipelineTaskFollowsTheSavedTarget()
    {
        var client = await factory.GetSharedUserClientAsync();
        var id = await ProfiledUploads.UploadSampleAsync(client, factory.ConnectionString, "penguins.csv");
        var body = await SuggestedBodyAsync(client, id, "body_mass_g");

        var saved = await ReadAsync(await client.PutAsJsonAsync($"/api/datasets/{id}/pipeline", body, Cancel), HttpStatusCode.OK);

        Assert.Equal("body_mass_g", saved.GetProperty("target").GetString());
        Assert.Equal("regression", saved.GetProperty("task").GetString());
    }

    [Fact]
    public async Task PipelineOfAnotherUsersDatasetReturnsNotFound()
    {
        var owner = await factory.GetSharedUserClientAsync();
        var id = await ProfiledUploads.UploadSampleAsync(owner, factory.ConnectionString, "iris.csv");
        var body = await SuggestedBodyAsync(owner, id);
        (await owner.PutAsJsonAsync($"/api/datasets/{id}/pipeline", body, Cancel)).EnsureSuccessStatusCode();
        using var stranger = await factory.CreateUserClientAsync();

        await ProblemAssert.IsAsync(await stranger.GetAsync($"/api/datasets/{id}/pipeline", Cancel), HttpStatusCode.NotFound, "dataset_not_found");
        await ProblemAssert.IsAsync(await stranger.PutAsJsonAsync($"/api/datasets/{id}/pipeline", body, Cancel), HttpStatusCode.NotFound, "dataset_not_found");
        await ProblemAssert.IsAsync(await stranger.DeleteAsync($"/api/datasets/{id}/pipeline", Cancel), HttpStatusCode.NotFound, "dataset_not_found");
        await ProblemAssert.IsAsync(await owner.GetAsync($"/api/datasets/{Guid.NewGuid()}/pipeline", Cancel), HttpStatusCode.NotFound, "dataset_not_found");
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync($"/api/datasets/{id}/pipeline", Cancel)).StatusCode);
    }

    [Fact]
    public async Task PutPipelineBeforeProfileReturnsConflict()
    {
        var client = await factory.GetSharedUserClientAsync();
        var (dataset, taskId) = await Uploads.UploadForTaskAsync(client);
        var body = new { target = "y", steps = new[] { new { id = "a", op = "standard_scale", columns = new[] { "x" } } } };

        var response = await client.PutAsJsonAsync($"/api/datasets/{dataset.GetProperty("id").GetGuid()}/pipeline", body, Cancel);

        var problem = await ProblemAssert.IsAsync(response, HttpStatusCode.Conflict, "profile_not_ready");
        Assert.Equal(taskId, problem.GetProperty("taskId").GetGuid());
    }

    [Fact]
    public async Task PutPipelineThatIsNotJsonReturnsUnsupportedMediaType()
    {
        var client = await factory.GetSharedUserClientAsync();
        var id = await ProfiledUploads.UploadSampleAsync(client, factory.ConnectionString, "iris.csv");

        var text = await client.PutAsync($"/api/datasets/{id}/pipeline", new StringContent("target=species", Encoding.UTF8, "text/plain"), Cancel);
        var none = await client.PutAsync($"/api/datasets/{id}/pipeline", null, Cancel);
        var empty = await client.PutAsync($"/api/datasets/{id}/pipeline", new StringContent("", Encoding.UTF8, "application/json"), Cancel);
        var nothing = await client.PutAsync($"/api/datasets/{id}/pipeline", new StringContent("null", Encoding.UTF8, "application/json"), Cancel);

        await ProblemAssert.IsAsync(text, HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
        await ProblemAssert.IsAsync(none, HttpStatusCode.UnsupportedMediaType, "not_json");
        await ProblemAssert.IsAsync(empty, HttpStatusCode.BadRequest, "invalid_pipeline");
        await ProblemAssert.IsAsync(nothing, HttpStatusCode.BadRequest, "body_required");
    }

    [Fact]
    public async Task PutPipelineLargerThanEightMebibytesReturnsPayloadTooLarge()
    {
        var client = await factory.GetSharedUserClientAsync();
        var id = await ProfiledUploads.UploadSampleAsync(client, factory.ConnectionString, "iris.csv");
        var body = $"{{\"target\":\"target\",\"steps\":[],\"pad\":\"{new string('p', 8 << 20)}\"}}";

        var response = await client.PutAsync($"/api/datasets/{id}/pipeline", new StringContent(body, Encoding.UTF8, "application/json"), Cancel);

        await ProblemAssert.IsAsync(response, HttpStatusCode.RequestEntityTooLarge, "too_large");
    }

    [Fact]
    public async Task PutPipelineWithRepeatedParamKeyReturnsBadRequestNamingIt()
    {
        var client = await factory.GetSharedUserClientAsync();
        var id = await ProfiledUploads.UploadSampleAsync(client, factory.ConnectionString, "iris.csv");
        const string body = """
            {"target": "target", "steps": [{"id": "a", "op": "impute", "columns": ["petal width (cm)"], "params": {"strategy": "mean", "strategy": "median"}}]}
            """;

        var response = await client.PutAsync($"/api/datasets/{id}/pipeline", new StringContent(body, Encoding.UTF8, "application/json"), Cancel);

        var problem = await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, "invalid_pipeline");
        Assert.Contains(problem.GetProperty("errors").EnumerateObject(), e => e.Name.StartsWith("steps[0].params", StringComparison.Ordinal));
        await ProblemAssert.IsAsync(await client.GetAsync($"/api/datasets/{id}/pipeline", Cancel), HttpStatusCode.NotFound, "pipeline_not_saved");
    }

    /// <summary>The suggestion's target and steps as a PUT body.</summary>
    internal static async Task<JsonObject> SuggestedBodyAsync(HttpClient client, Guid id, string? target = null)
    {
        var suggestion = await Uploads.GetJsonAsync(client, $"/api/suggest/pipeline?datasetId={id}{(target is null ? "" : "&target=" + target)}");
        return new JsonObject
        {
            ["target"] = suggestion.GetProperty("target").GetString(),
            ["steps"] = JsonNode.Parse(suggestion.GetProperty("steps").GetRawText()),
        };
    }

    internal static async Task<JsonElement> ReadAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync(Cancel);
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}: {text}");
        return JsonSerializer.Deserialize<JsonElement>(text);
    }
}
