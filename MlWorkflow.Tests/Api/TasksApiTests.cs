using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MlWorkflow.Core.Tasks;

namespace MlWorkflow.Tests.Api;

[Collection(nameof(ApiCollection))]
public sealed class TasksApiTests(MlWorkflowApiFactory factory)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private WorkerSimulator Worker => HangfireJobs.Simulator(factory, factory.ConnectionString);

    [Fact]
    public async Task UploadReturnsPendingProfileTaskWithJobOnProfileQueue()
    {
        var client = await factory.GetSharedUserClientAsync();

        var (dataset, task) = await Uploads.UploadWithTaskAsync(client, "a,b\n1,2\n"u8.ToArray(), "t.csv");

        var taskId = task.GetProperty("id").GetGuid();
        Assert.Equal(taskId, dataset.GetProperty("profileTaskId").GetGuid());
        Assert.Equal("profile", task.GetProperty("kind").GetString());
        Assert.Equal("pending", task.GetProperty("status").GetString());
        Assert.Equal(1, task.GetProperty("attempt").GetInt32());
        Assert.Equal(0, task.GetProperty("progress").GetInt32());
        Assert.Equal(dataset.GetProperty("id").GetGuid(), task.GetProperty("datasetId").GetGuid());
        Assert.Equal(JsonValueKind.Null, task.GetProperty("result").ValueKind);
        Assert.Equal(JsonValueKind.Null, task.GetProperty("startedAt").ValueKind);
        var jobId = await Worker.ScalarAsync<string>("SELECT job_id FROM tasks WHERE id = @id", taskId);
        Assert.Equal("Enqueued", HangfireJobs.State(factory, jobId).Name);
        Assert.True(HangfireJobs.IsEnqueuedOn(factory, "profile", jobId));
        var log = await Uploads.GetJsonAsync(client, $"/api/logs/{taskId}");
        Assert.StartsWith("pending: queued on 'profile'", log.GetProperty("entries")[0].GetProperty("message").GetString());
    }

    [Fact]
    public async Task StatusReturnsTaskAndDatasetShowsStoredProfileAsObject()
    {
        var client = await factory.GetSharedUserClientAsync();
        var (dataset, taskId) = await Uploads.UploadForTaskAsync(client);
        await Worker.SetStatusAsync(taskId, WorkflowTaskStatus.Running);
        await Worker.ExecuteAsync("UPDATE datasets SET profile = '{\"rowCount\": 2, \"columns\": []}'::jsonb WHERE id = @id",
            ("id", dataset.GetProperty("id").GetGuid()));

        var status = await Uploads.GetJsonAsync(client, $"/api/task/{taskId}/status");
        var details = await Uploads.GetJsonAsync(client, $"/api/datasets/{dataset.GetProperty("id").GetString()}");

        Assert.Equal("running", status.GetProperty("status").GetString());
        Assert.NotEqual(JsonValueKind.Null, status.GetProperty("startedAt").ValueKind);
        Assert.Equal(2, details.GetProperty("profile").GetProperty("rowCount").GetInt32());
    }

    [Fact]
    public async Task ListFiltersPagesAndOrdersNewestFirst()
    {
        var client = await factory.CreateUserClientAsync();
        var ids = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((await Uploads.UploadForTaskAsync(client)).TaskId);
        }
        await Worker.SetStatusAsync(ids[0], WorkflowTaskStatus.Running);

        var all = await Uploads.GetJsonAsync(client, "/api/tasks");
        var page2 = await Uploads.GetJsonAsync(client, "/api/tasks?page=2&pageSize=2");
        var running = await Uploads.GetJsonAsync(client, "/api/tasks?status=running&kind=profile");
        var train = await Uploads.GetJsonAsync(client, "/api/tasks?kind=train");
        var byDataset = await Uploads.GetJsonAsync(client, $"/api/tasks?datasetId={(await DatasetOfAsync(client, ids[1]))}");

        Assert.Equal(3, all.GetProperty("total").GetInt32());
        Assert.Equal(ids.AsEnumerable().Reverse(), all.GetProperty("items").EnumerateArray().Select(t => t.GetProperty("id").GetGuid()));
        Assert.Equal([ids[0]], page2.GetProperty("items").EnumerateArray().Select(t => t.GetProperty("id").GetGuid()));
        Assert.Equal([ids[0]], running.GetProperty("items").EnumerateArray().Select(t => t.GetProperty("id").GetGuid()));
        Assert.Equal(0, train.GetProperty("total").GetInt32());
        Assert.Equal([ids[1]], byDataset.GetProperty("items").EnumerateArray().Select(t => t.GetProperty("id").GetGuid()));
    }

    [Fact]
    public async Task EveryTaskResponseNamesTheTasksDataset()
    {
        var client = await factory.CreateUserClientAsync();
        var (dataset, task) = await Uploads.UploadWithTaskAsync(client, "a,b\n1,2\n"u8.ToArray(), "named.csv", name: "Named data");
        var taskId = task.GetProperty("id").GetGuid();

        var listed = (await Uploads.GetJsonAsync(client, "/api/tasks")).GetProperty("items")[0];
        var status = await Uploads.GetJsonAsync(client, $"/api/task/{taskId}/status");
        var cancelled = await ReadAcceptedAsync(await client.PostAsync($"/api/cancel/{taskId}", null, Cancel));
        var retried = await ReadAcceptedAsync(await client.PostAsync($"/api/task/{taskId}/retry", null, Cancel));

        Assert.Equal("Named data", dataset.GetProperty("name").GetString());
        foreach (var response in new[] { task, listed, status, cancelled, retried })
        {
            Assert.Equal(taskId, response.GetProperty("id").GetGuid());
            Assert.Equal("Named data", response.GetProperty("datasetName").GetString());
            Assert.Equal(JsonValueKind.Null, response.GetProperty("outputDatasetName").ValueKind);
        }
    }

    [Theory]
    [InlineData("status=done", "invalid_status", "pending, running, completed, failed, cancelled")]
    [InlineData("kind=profiling", "invalid_kind", "profile, preprocess, train, batch_predict, drift_check")]
    [InlineData("datasetId=abc", "invalid_datasetId", "GUID")]
    public async Task ListWithUnknownFilterReturnsProblemNamingAllowedValues(string query, string code, string allowed)
    {
        var client = await factory.GetSharedUserClientAsync();

        var response = await client.GetAsync($"/api/tasks?{query}", Cancel);

        var problem = await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, code);
        Assert.Contains(allowed, problem.GetProperty("fix").GetString());
    }

    [Theory]
    [InlineData("pageSize=0")]
    [InlineData("pageSize=101")]
    [InlineData("page=0")]
    public async Task ListWithBadPagingReturnsValidationProblem(string query)
    {
        var client = await factory.GetSharedUserClientAsync();

        var response = await client.GetAsync($"/api/tasks?{query}", Cancel);

        await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, "validation_failed");
    }

    [Fact]
    public async Task AnotherUsersTaskIsNotFoundEverywhere()
    {
        var owner = await factory.GetSharedUserClientAsync();
        var stranger = await factory.CreateUserClientAsync();
        var (_, taskId) = await Uploads.UploadForTaskAsync(owner);

        foreach (var (method, path) in new[]
        {
            (HttpMethod.Get, $"/api/task/{taskId}/status"), (HttpMethod.Post, $"/api/cancel/{taskId}"),
            (HttpMethod.Post, $"/api/task/{taskId}/retry"), (HttpMethod.Get, $"/api/logs/{taskId}"),
            (HttpMethod.Get, $"/api/logs/{taskId}.txt"), (HttpMethod.Get, $"/ws/logs?taskId={taskId}"),
        })
        {
            var response = await stranger.SendAsync(new HttpRequestMessage(method, path), Cancel);
            await ProblemAssert.IsAsync(response, HttpStatusCode.NotFound, "task_not_found");
        }
        var tasks = await Uploads.GetJsonAsync(stranger, "/api/tasks");
        Assert.Equal(0, tasks.GetProperty("total").GetInt32());
        Assert.Equal("pending", (await Uploads.GetJsonAsync(owner, $"/api/task/{taskId}/status")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task DeletingDatasetDeletesItsTasksAndTheirJobs()
    {
        var client = await factory.GetSharedUserClientAsync();
        var (dataset, taskId) = await Uploads.UploadForTaskAsync(client);
        var jobId = await Worker.ScalarAsync<string>("SELECT job_id FROM tasks WHERE id = @id", taskId);

        var response = await client.DeleteAsync($"/api/datasets/{dataset.GetProperty("id").GetString()}", Cancel);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("Deleted", HangfireJobs.State(factory, jobId).Name);
        await ProblemAssert.IsAsync(await client.GetAsync($"/api/task/{taskId}/status", Cancel), HttpStatusCode.NotFound, "task_not_found");
    }

    private static async Task<JsonElement> ReadAcceptedAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>(Cancel);
    }

    private static async Task<string> DatasetOfAsync(HttpClient client, Guid taskId) =>
        (await Uploads.GetJsonAsync(client, $"/api/task/{taskId}/status")).GetProperty("datasetId").GetString()!;
}
