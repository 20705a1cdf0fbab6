using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MlWorkflow.Core.Tasks;

namespace MlWorkflow.Tests.Api;

[Collection(nameof(ApiCollection))]
public sealed class CancelRetryTests(MlWorkflowApiFactory factory)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private WorkerSimulator Worker => HangfireJobs.Simulator(factory, factory.ConnectionString);

    [Fact]
    public async Task CancelPendingTaskCancelsAtOnceDeletesJobAndLogsWho()
    {
        var client = await factory.GetSharedUserClientAsync();
        var email = (await Uploads.GetJsonAsync(client, "/api/auth/me")).GetProperty("email").GetString();
        var (_, taskId) = await Uploads.UploadForTaskAsync(client);
        var jobId = await JobIdAsync(taskId);

        var response = await client.PostAsync($"/api/cancel/{taskId}", null, Cancel);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var task = await response.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        Assert.Equal("cancelled", task.GetProperty("status").GetString());
        Assert.NotEqual(JsonValueKind.Null, task.GetProperty("finishedAt").ValueKind);
        Assert.Equal("Deleted", HangfireJobs.State(factory, jobId).Name);
        var entries = (await Uploads.GetJsonAsync(client, $"/api/logs/{taskId}")).GetProperty("entries");
        Assert.Equal(2, entries.GetArrayLength());
        Assert.Equal("status", entries[1].GetProperty("step").GetString());
        Assert.Equal($"cancelled: cancelled by {email} before it started", entries[1].GetProperty("message").GetString());
        Assert.Equal(email, await Worker.ScalarAsync<string>("SELECT cancel_requested_by FROM tasks WHERE id = @id", taskId));
    }

    [Fact]
    public async Task CancelRunningTaskRequestsCancelAndDeletesJob()
    {
        var client = await factory.GetSharedUserClientAsync();
        var email = (await Uploads.GetJsonAsync(client, "/api/auth/me")).GetProperty("email").GetString();
        var (_, taskId) = await Uploads.UploadForTaskAsync(client);
        await Worker.SetStatusAsync(taskId, WorkflowTaskStatus.Running);
        var jobId = await JobIdAsync(taskId);

        var response = await client.PostAsync($"/api/cancel/{taskId}", null, Cancel);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("running", (await response.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("status").GetString());
        Assert.Equal(email, await Worker.ScalarAsync<string>("SELECT cancel_requested_by FROM tasks WHERE id = @id", taskId));
        Assert.Equal("Deleted", HangfireJobs.State(factory, jobId).Name);
    }

    [Theory]
    [InlineData(WorkflowTaskStatus.Completed)]
    [InlineData(WorkflowTaskStatus.Failed)]
    public async Task CancelFinishedTaskReturnsConflict(WorkflowTaskStatus status)
    {
        var client = await factory.GetSharedUserClientAsync();
        var (_, taskId) = await Uploads.UploadForTaskAsync(client);
        await Worker.SetStatusAsync(taskId, status);

        var response = await client.PostAsync($"/api/cancel/{taskId}", null, Cancel);

        await ProblemAssert.IsAsync(response, HttpStatusCode.Conflict, "task_finished");
    }

    [Fact]
    public async Task RetryFailedTaskStartsAttemptTwoWithNewJob()
    {
        var client = await factory.GetSharedUserClientAsync();
        var (dataset, taskId) = await Uploads.UploadForTaskAsync(client);
        var firstJob = await JobIdAsync(taskId);
        await Worker.SetStatusAsync(taskId, WorkflowTaskStatus.Running);
        await Worker.ExecuteAsync("UPDATE datasets SET status = 'Failed' WHERE id = @id", ("id", dataset.GetProperty("id").GetGuid()));
        await Worker.SetStatusAsync(taskId, WorkflowTaskStatus.Failed);

        var response = await client.PostAsync($"/api/task/{taskId}/retry", null, Cancel);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var task = await response.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        Assert.Equal(2, task.GetProperty("attempt").GetInt32());
        Assert.Equal("pending", task.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, task.GetProperty("error").ValueKind);
        Assert.Equal(JsonValueKind.Null, task.GetProperty("finishedAt").ValueKind);
        var secondJob = await JobIdAsync(taskId);
        Assert.NotEqual(firstJob, secondJob);
        Assert.True(HangfireJobs.IsEnqueuedOn(factory, "profile", secondJob));
        var details = await Uploads.GetJsonAsync(client, $"/api/datasets/{dataset.GetProperty("id").GetString()}");
        Assert.Equal("uploaded", details.GetProperty("status").GetString());
        var entries = (await Uploads.GetJsonAsync(client, $"/api/logs/{taskId}")).GetProperty("entries");
        Assert.Equal([1L, 2, 3, 4], entries.EnumerateArray().Select(e => e.GetProperty("seq").GetInt64()));
        Assert.Equal("pending: queued on 'profile' (attempt 2)", entries[3].GetProperty("message").GetString());
    }

    [Fact]
    public async Task RetryOfPendingTaskReturnsConflictAndCancelledTaskCanBeRetried()
    {
        var client = await factory.GetSharedUserClientAsync();
        var (_, taskId) = await Uploads.UploadForTaskAsync(client);

        await ProblemAssert.IsAsync(await client.PostAsync($"/api/task/{taskId}/retry", null, Cancel),
            HttpStatusCode.Conflict, "task_not_retryable");
        (await client.PostAsync($"/api/cancel/{taskId}", null, Cancel)).EnsureSuccessStatusCode();
        var retried = await client.PostAsync($"/api/task/{taskId}/retry", null, Cancel);

        Assert.Equal(HttpStatusCode.Accepted, retried.StatusCode);
        Assert.Equal(2, (await retried.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("attempt").GetInt32());
        Assert.Null(await Worker.ScalarAsync<object>("SELECT cancel_requested_by FROM tasks WHERE id = @id", taskId) as string);
    }

    private Task<string> JobIdAsync(Guid taskId) => Worker.ScalarAsync<string>("SELECT job_id FROM tasks WHERE id = @id", taskId);
}
