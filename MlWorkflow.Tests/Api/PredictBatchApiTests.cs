using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MlWorkflow.Core.Tasks;
using Npgsql;

namespace MlWorkflow.Tests.Api;

/// <summary><c>POST /api/models/{id}/predict_batch</c> without a worker: the scored dataset and the batch_predict task it creates.</summary>
[Collection(nameof(ApiCollection))]
public sealed class PredictBatchApiTests(MlWorkflowApiFactory factory)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PredictBatchCreatesProcessingScoredDatasetAndBatchPredictTask()
    {
        var client = await factory.GetSharedUserClientAsync();
        var inputId = await ProfiledUploads.UploadSampleAsync(client, factory.ConnectionString, "penguins.csv");
        var model = await StoredModels.InsertAsync(factory.ConnectionString, await StoredModels.UserIdAsync(client), [1], name: "scorer");

        var response = await client.PostAsJsonAsync($"/api/models/{model.Id}/predict_batch", new { datasetId = inputId }, Cancel);

        var body = await PipelineApiTests.ReadAsync(response, HttpStatusCode.Accepted);
        var dataset = body.GetProperty("dataset");
        var task = body.GetProperty("task");
        var outputId = dataset.GetProperty("id").GetGuid();
        Assert.Equal($"/api/datasets/{outputId}", response.Headers.Location?.OriginalString);
        Assert.Equal(("penguins-scored", "processing", inputId), (dataset.GetProperty("name").GetString(), dataset.GetProperty("status").GetString(),
            dataset.GetProperty("parentDatasetId").GetGuid()));
        Assert.Equal(JsonValueKind.Null, dataset.GetProperty("sha256").ValueKind);
        Assert.Equal(("batch_predict", "pending", inputId, outputId), (task.GetProperty("kind").GetString(), task.GetProperty("status").GetString(),
            task.GetProperty("datasetId").GetGuid(), task.GetProperty("outputDatasetId").GetGuid()));
        Assert.Equal(("penguins", "penguins-scored"), (task.GetProperty("datasetName").GetString(), task.GetProperty("outputDatasetName").GetString()));
        Assert.Equal(new BatchPredictTaskParameters(model.Id, inputId), BatchPredictTaskParameters.Parse(await ParametersAsync(task.GetProperty("id").GetGuid())));
        var lineage = (await Uploads.GetJsonAsync(client, $"/api/datasets/{outputId}")).GetProperty("lineage");
        Assert.Equal((model.Id, "scorer", 1, task.GetProperty("id").GetGuid()), (lineage.GetProperty("modelId").GetGuid(),
            lineage.GetProperty("modelName").GetString(), lineage.GetProperty("modelVersion").GetInt32(), lineage.GetProperty("taskId").GetGuid()));
        await ProblemAssert.IsAsync(await client.GetAsync($"/api/datasets/{outputId}/download", Cancel), HttpStatusCode.Conflict, "dataset_not_written");
    }

    [Fact]
    public async Task PredictBatchRefusesOthersDatasetsUnreadyDatasetsAndMissingColumns()
    {
        var client = await factory.GetSharedUserClientAsync();
        var other = await factory.CreateUserClientAsync();
        var model = await StoredModels.InsertAsync(factory.ConnectionString, await StoredModels.UserIdAsync(client), [1], name: "checks");
        var othersDataset = await ProfiledUploads.UploadSampleAsync(other, factory.ConnectionString, "penguins.csv");
        var iris = await ProfiledUploads.UploadSampleAsync(client, factory.ConnectionString, "iris.csv");
        var (unprofiled, _) = await Uploads.UploadForTaskAsync(client);
        var path = $"/api/models/{model.Id}/predict_batch";

        await ProblemAssert.IsAsync(await client.PostAsJsonAsync(path, new { datasetId = othersDataset }, Cancel), HttpStatusCode.NotFound, "dataset_not_found");
        await ProblemAssert.IsAsync(await client.PostAsJsonAsync(path, new { datasetId = Guid.NewGuid() }, Cancel), HttpStatusCode.NotFound, "dataset_not_found");
        await ProblemAssert.IsAsync(await client.PostAsJsonAsync($"/api/models/{Guid.NewGuid()}/predict_batch", new { datasetId = iris }, Cancel),
            HttpStatusCode.NotFound, "model_not_found");
        await ProblemAssert.IsAsync(await client.PostAsJsonAsync(path, new { datasetId = unprofiled.GetProperty("id").GetGuid() }, Cancel),
            HttpStatusCode.Conflict, "profile_not_ready");
        var missing = await ProblemAssert.IsAsync(await client.PostAsJsonAsync(path, new { }, Cancel), HttpStatusCode.BadRequest, "invalid_predict_batch");
        Assert.True(missing.GetProperty("errors").TryGetProperty("datasetId", out _));
        var columns = await ProblemAssert.IsAsync(await client.PostAsJsonAsync(path, new { datasetId = iris }, Cancel), HttpStatusCode.BadRequest, "invalid_predict_batch");
        Assert.Contains("'island', 'flipper_length_mm'", columns.GetProperty("errors").GetProperty("datasetId")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CancelBeforeItRunsRemovesTheScoredDatasetAndRetryMakesItAnew()
    {
        var client = await factory.GetSharedUserClientAsync();
        var inputId = await ProfiledUploads.UploadSampleAsync(client, factory.ConnectionString, "penguins.csv");
        var model = await StoredModels.InsertAsync(factory.ConnectionString, await StoredModels.UserIdAsync(client), [1], name: "retried");
        var run = await PipelineApiTests.ReadAsync(
            await client.PostAsJsonAsync($"/api/models/{model.Id}/predict_batch", new { datasetId = inputId }, Cancel), HttpStatusCode.Accepted);
        var taskId = run.GetProperty("task").GetProperty("id").GetGuid();
        var firstOutput = run.GetProperty("dataset").GetProperty("id").GetGuid();

        var cancelled = await PipelineApiTests.ReadAsync(await client.PostAsync($"/api/cancel/{taskId}", null, Cancel), HttpStatusCode.Accepted);
        var gone = await client.GetAsync($"/api/datasets/{firstOutput}", Cancel);
        var retried = await PipelineApiTests.ReadAsync(await client.PostAsync($"/api/task/{taskId}/retry", null, Cancel), HttpStatusCode.Accepted);

        Assert.Equal(JsonValueKind.Null, cancelled.GetProperty("outputDatasetId").ValueKind);
        await ProblemAssert.IsAsync(gone, HttpStatusCode.NotFound, "dataset_not_found");
        var secondOutput = retried.GetProperty("outputDatasetId").GetGuid();
        Assert.NotEqual(firstOutput, secondOutput);
        var output = await Uploads.GetJsonAsync(client, $"/api/datasets/{secondOutput}");
        Assert.Equal(("processing", "penguins-scored", inputId), (output.GetProperty("status").GetString(), output.GetProperty("name").GetString(),
            output.GetProperty("parentDatasetId").GetGuid()));
        Assert.Equal((taskId, model.Id), (output.GetProperty("lineage").GetProperty("taskId").GetGuid(), output.GetProperty("lineage").GetProperty("modelId").GetGuid()));
    }

    private async Task<string> ParametersAsync(Guid taskId)
    {
        await using var connection = new NpgsqlConnection(factory.ConnectionString);
        await connection.OpenAsync(Cancel);
        await using var command = new NpgsqlCommand($"SELECT parameters::text FROM tasks WHERE id = '{taskId}'", connection);
        return (string)(await command.ExecuteScalarAsync(Cancel))!;
    }
}
