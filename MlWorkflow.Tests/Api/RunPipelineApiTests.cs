using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MlWorkflow.Tests.Api;

/// <summary><c>POST /api/run_pipeline</c> without a worker: what it validates and what it writes before the job runs.</summary>
[Collection(nameof(ApiCollection))]
public sealed class RunPipelineApiTests(MlWorkflowApiFactory factory)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RunPipelineCreatesProcessingOutputWithLineageAndPreprocessTask()
    {
        var client = await factory.GetSharedUserClientAsync();
        var parentId = await ProfiledUploads.UploadSampleAsync(client, factory.ConnectionString, "penguins.csv");
        var suggestion = await Uploads.GetJsonAsync(client, $"/api/suggest/pipeline?datasetId={parentId}");

        var response = await client.PostAsJsonAsync("/api/run_pipeline", new { datasetId = parentId }, Cancel);

        var body = await PipelineApiTests.ReadAsync(response, HttpStatusCode.Accepted);
        var dataset = body.GetProperty("dataset");
        var task = body.GetProperty("task");
        var outputId = dataset.GetProperty("id").GetGuid();
        Assert.Equal($"/api/datasets/{outputId}", response.Headers.Location?.OriginalString);
        Assert.Equal("processing", dataset.GetProperty("status").GetString());
        Assert.Equal(parentId, dataset.GetProperty("parentDatasetId").GetGuid());
        Assert.Equal("penguins (preprocessed)", dataset.GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.Null, dataset.GetProperty("sha256").ValueKind);
        Assert.Equal("preprocess", task.GetProperty("kind").GetString());
        Assert.Equal("pending", task.GetProperty("status").GetString());
        Assert.Equal(parentId, task.GetProperty("datasetId").GetGuid());
        Assert.Equal(outputId, task.GetProperty("outputDatasetId").GetGuid());
        Assert.Equal("penguins", task.GetProperty("datasetName").GetString());
        Assert.Equal("penguins (preprocessed)", task.GetProperty("outputDatasetName").GetString());
        var status = await Uploads.GetJsonAsync(client, $"/api/task/{task.GetProperty("id").GetGuid()}/status");
        Assert.Equal("penguins", status.GetProperty("datasetName").GetString());
        Assert.Equal("penguins (preprocessed)", status.GetProperty("outputDatasetName").GetString());

        var output = await Uploads.GetJsonAsync(client, $"/api/datasets/{outputId}");
        var lineage = output.GetProperty("lineage");
        Assert.Equal(parentId, lineage.GetProperty("parentDatasetId").GetGuid());
        Assert.Equal(task.GetProperty("id").GetGuid(), lineage.GetProperty("taskId").GetGuid());
        Assert.Equal("species", lineage.GetProperty("target").GetString());
        Assert.Equal(suggestion.GetProperty("steps").GetArrayLength(), lineage.GetProperty("steps").GetArrayLength());
        Assert.Equal("penguins", output.GetProperty("parentDatasetName").GetString());
        var parent = await Uploads.GetJsonAsync(client, $"/api/datasets/{parentId}");
        Assert.Equal(1, parent.GetProperty("childCount").GetInt32());
        Assert.Contains(parent.GetProperty("children").EnumerateArray(), child => child.GetProperty("id").GetGuid() == outputId);
        var tasks = await Uploads.GetJsonAsync(client, $"/api/tasks?datasetId={outputId}");
        Assert.Contains(tasks.GetProperty("items").EnumerateArray(), t => t.GetProperty("id").GetGuid() == task.GetProperty("id").GetGuid());
        await ProblemAssert.IsAsync(await client.GetAsync($"/api/datasets/{outputId}/preview", Cancel), HttpStatusCode.Conflict, "dataset_not_written");
        await ProblemAssert.IsAsync(await client.GetAsync($"/api/datasets/{outputId}/download", Cancel), HttpStatusCode.Conflict, "dataset_not_written");
    }

    [Fact]
    public async Task RunPipelineUsesTheSavedPipelineForItsTarget()
    {
        var client = await factory.GetSharedUserClientAsync();
        var id = await ProfiledUploads.UploadSampleAsync(client, factory.ConnectionString, "penguins.csv");
        var saved = await PipelineApiTests.SuggestedBodyAsync(client, id);
        saved["steps"]!.AsArray()[0]!["enabled"] = false;
        (await client.PutAsJsonAsync($"/api/datasets/{id}/pipeline", saved, Cancel)).EnsureSuccessStatusCode();

        var run = await PipelineApiTests.ReadAsync(await client.PostAsJsonAsync("/api/run_pipeline", new { datasetId = id }, Cancel), HttpStatusCode.Accepted);
        var other = await PipelineApiTests.ReadAsync(
            await client.PostAsJsonAsync("/api/run_pipeline", new { datasetId = id, target = "sex" }, Cancel), HttpStatusCode.Accepted);

        var steps = (await LineageAsync(client, run)).GetProperty("steps");
        Assert.False(steps[0].GetProperty("enabled").GetBoolean());
        var otherLineage = await LineageAsync(client, other);
        Assert.Equal("sex", otherLineage.GetProperty("target").GetString());
        Assert.All(otherLineage.GetProperty("steps").EnumerateArray(), step => Assert.True(step.GetProperty("enabled").GetBoolean()));
    }

    [Theory]
    [InlineData("impute", """{"strategy":"banana"}""", "steps[0].params.strategy")]
    [InlineData("impute", """{"strategy":"constant"}""", "steps[0].params.fill_value")]
    [InlineData("clip_outliers", """{"lower_quantile":0.9,"upper_quantile":0.1}""", "steps[0].params")]
    public async Task RunPipelineRefusesBadParamsKeyedByField(string op, string parameters, string key)
    {
        var client = await factory.GetSharedUserClientAsync();
        var id = await ProfiledUploads.UploadSampleAsync(client, factory.ConnectionString, "penguins.csv");
        var body = new JsonObject
        {
            ["datasetId"] = id,
            ["target"] = "species",
            ["steps"] = new JsonArray(new JsonObject { ["id"] = "s", ["op"] = op, ["columns"] = new JsonArray("bill_length_mm"), ["params"] = JsonNode.Parse(parameters) }),
        };

        var response = await client.PostAsJsonAsync("/api/run_pipeline", body, Cancel);

        var problem = await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, "invalid_pipeline");
        Assert.Contains(problem.GetProperty("errors").EnumerateObject(), error => error.Name.StartsWith(key, StringComparison.Ordinal));
        var datasets = await Uploads.GetJsonAsync(client, "/api/datasets?pageSize=100");
        Assert.DoesNotContain(datasets.GetProperty("items").EnumerateArray(), d => d.GetProperty("parentDatasetId").ValueKind != JsonValueKind.Null
            && d.GetProperty("parentDatasetId").GetGuid() == id);
    }

    [Fact]
    public async Task RunPipelineRefusesMissingIdUnknownDatasetAndNonJson()
    {
        var client = await factory.GetSharedUserClientAsync();
        var other = await factory.CreateUserClientAsync();
        var id = await ProfiledUploads.UploadSampleAsync(client, factory.ConnectionString, "iris.csv");

        var missing = await client.PostAsJsonAsync("/api/run_pipeline", new { target = "species" }, Cancel);
        var unknown = await client.PostAsJsonAsync("/api/run_pipeline", new { datasetId = Guid.NewGuid() }, Cancel);
        var notOwned = await other.PostAsJsonAsync("/api/run_pipeline", new { datasetId = id }, Cancel);
        var text = await client.PostAsync("/api/run_pipeline", new StringContent("datasetId=1", Encoding.UTF8, "text/plain"), Cancel);
        var badTarget = await client.PostAsJsonAsync("/api/run_pipeline", new { datasetId = id, target = "nope" }, Cancel);

        var problem = await ProblemAssert.IsAsync(missing, HttpStatusCode.BadRequest, "invalid_pipeline");
        Assert.True(problem.GetProperty("errors").TryGetProperty("datasetId", out _));
        await ProblemAssert.IsAsync(unknown, HttpStatusCode.NotFound, "dataset_not_found");
        await ProblemAssert.IsAsync(notOwned, HttpStatusCode.NotFound, "dataset_not_found");
        await ProblemAssert.IsAsync(text, HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
        Assert.True((await ProblemAssert.IsAsync(badTarget, HttpStatusCode.BadRequest, "invalid_pipeline")).GetProperty("errors").TryGetProperty("target", out _));
    }

    [Fact]
    public async Task RunPipelineWaitsForTheProfile()
    {
        var client = await factory.GetSharedUserClientAsync();
        var (dataset, _) = await Uploads.UploadForTaskAsync(client);

        var response = await client.PostAsJsonAsync("/api/run_pipeline", new { datasetId = dataset.GetProperty("id").GetGuid() }, Cancel);

        await ProblemAssert.IsAsync(response, HttpStatusCode.Conflict, "profile_not_ready");
    }

    [Fact]
    public async Task CancelBeforeItRunsRemovesTheOutputAndRetryMakesItAnew()
    {
        var client = await factory.GetSharedUserClientAsync();
        var parentId = await ProfiledUploads.UploadSampleAsync(client, factory.ConnectionString, "iris.csv");
        var run = await PipelineApiTests.ReadAsync(await client.PostAsJsonAsync("/api/run_pipeline", new { datasetId = parentId }, Cancel), HttpStatusCode.Accepted);
        var taskId = run.GetProperty("task").GetProperty("id").GetGuid();
        var firstOutput = run.GetProperty("dataset").GetProperty("id").GetGuid();

        var cancelled = await PipelineApiTests.ReadAsync(await client.PostAsync($"/api/cancel/{taskId}", null, Cancel), HttpStatusCode.Accepted);
        var gone = await client.GetAsync($"/api/datasets/{firstOutput}", Cancel);
        var retried = await PipelineApiTests.ReadAsync(await client.PostAsync($"/api/task/{taskId}/retry", null, Cancel), HttpStatusCode.Accepted);

        Assert.Equal("cancelled", cancelled.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, cancelled.GetProperty("outputDatasetId").ValueKind);
        await ProblemAssert.IsAsync(gone, HttpStatusCode.NotFound, "dataset_not_found");
        var secondOutput = retried.GetProperty("outputDatasetId").GetGuid();
        Assert.NotEqual(firstOutput, secondOutput);
        var output = await Uploads.GetJsonAsync(client, $"/api/datasets/{secondOutput}");
        Assert.Equal("processing", output.GetProperty("status").GetString());
        Assert.Equal(taskId, output.GetProperty("lineage").GetProperty("taskId").GetGuid());
        Assert.Equal(parentId, output.GetProperty("parentDatasetId").GetGuid());
        // The parent is only read: neither the cancel nor the retry of a run on it changes it.
        Assert.Equal("ready", (await Uploads.GetJsonAsync(client, $"/api/datasets/{parentId}")).GetProperty("status").GetString());
    }

    private static async Task<JsonElement> LineageAsync(HttpClient client, JsonElement run) =>
        (await Uploads.GetJsonAsync(client, $"/api/datasets/{run.GetProperty("dataset").GetProperty("id").GetGuid()}")).GetProperty("lineage");
}
