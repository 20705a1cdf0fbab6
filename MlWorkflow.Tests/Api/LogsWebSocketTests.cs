using System.Net;
using System.Net.WebSockets;
using MlWorkflow.Core.Tasks;

namespace MlWorkflow.Tests.Api;

[Collection(nameof(ApiCollection))]
public sealed class LogsWebSocketTests(MlWorkflowApiFactory factory)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ViewersJoiningMidTaskAndReconnectingGetEveryEntryOnceInOrder()
    {
        var client = await factory.GetSharedUserClientAsync();
        var worker = HangfireJobs.Simulator(factory, factory.ConnectionString);
        var (dataset, taskId) = await Uploads.UploadForTaskAsync(client);
        await worker.SetStatusAsync(taskId, WorkflowTaskStatus.Running);
        await worker.LogAsync(taskId, 100);

        await using var late = await LogSocket.ConnectAsync(factory, client, taskId);
        var lateReading = late.ReadAsync();
        await using var first = await LogSocket.ConnectAsync(factory, client, taskId);
        var writing = WriteRestAsync(worker, taskId, batches: 40, size: 25);
        Assert.False(await first.ReadAsync(f => LogSocket.Type(f) == "log" && f.GetProperty("seq").GetInt64() == 300));
        await first.CloseAsync();
        await using var again = await LogSocket.ConnectAsync(factory, client, taskId, after: first.LogSeqs.Last());
        Assert.True(await again.ReadAsync());
        await writing;
        Assert.True(await lateReading);

        var total = await worker.ScalarAsync<long>("SELECT last_log_seq FROM tasks WHERE id = @id", taskId);
        Assert.Equal(1 + 1 + 100 + 1000 + 1, total);
        Assert.Equal(Enumerable.Range(1, (int)total).Select(i => (long)i), late.LogSeqs);
        Assert.Equal(Enumerable.Range(1, (int)total).Select(i => (long)i), first.LogSeqs.Concat(again.LogSeqs));
        foreach (var viewer in new[] { late, again })
        {
            Assert.Equal(WebSocketCloseStatus.NormalClosure, viewer.CloseStatus);
            var last = viewer.Frames[^1];
            Assert.Equal("status", LogSocket.Type(last));
            Assert.Equal("completed", last.GetProperty("status").GetString());
            Assert.Equal(taskId, last.GetProperty("id").GetGuid());
            Assert.Equal(dataset.GetProperty("name").GetString(), last.GetProperty("datasetName").GetString());
        }
        // A status frame opens every session and follows every status entry.
        Assert.Equal(["running", "running", "completed"], late.StatusFrames.Select(f => f.GetProperty("status").GetString()).Take(2).Append(late.Frames[^1].GetProperty("status").GetString()));
        Assert.Equal(late.Frames.Count(f => LogSocket.Type(f) == "log" && f.GetProperty("step").GetString() == "status") + 1, late.StatusFrames.Count());
        var entry = late.Frames.First(f => LogSocket.Type(f) == "log" && f.GetProperty("seq").GetInt64() == 3);
        Assert.Equal("work", entry.GetProperty("step").GetString());
        Assert.Equal(taskId, entry.GetProperty("taskId").GetGuid());
    }

    [Fact]
    public async Task ViewerOfFinishedTaskGetsWholeLogThenFinalStatusAndClose()
    {
        var client = await factory.GetSharedUserClientAsync();
        var worker = HangfireJobs.Simulator(factory, factory.ConnectionString);
        var (_, taskId) = await Uploads.UploadForTaskAsync(client);
        await worker.SetStatusAsync(taskId, WorkflowTaskStatus.Running);
        await worker.LogAsync(taskId, 4500);
        await worker.SetStatusAsync(taskId, WorkflowTaskStatus.Failed);

        await using var whole = await LogSocket.ConnectAsync(factory, client, taskId);
        await using var caughtUp = await LogSocket.ConnectAsync(factory, client, taskId, after: 4503);

        Assert.True(await whole.ReadAsync());
        Assert.True(await caughtUp.ReadAsync());
        Assert.Equal(Enumerable.Range(1, 4503).Select(i => (long)i), whole.LogSeqs);
        Assert.Equal("failed", whole.Frames[^1].GetProperty("status").GetString());
        Assert.Equal("simulated failure", whole.Frames[^1].GetProperty("error").GetString());
        var only = Assert.Single(caughtUp.Frames);
        Assert.Equal("failed", only.GetProperty("status").GetString());
        Assert.Equal(WebSocketCloseStatus.NormalClosure, caughtUp.CloseStatus);
    }

    [Fact]
    public async Task LiveEntryAfterLostMessageIsPrecededByTheGapFromPostgres()
    {
        var client = await factory.GetSharedUserClientAsync();
        var worker = HangfireJobs.Simulator(factory, factory.ConnectionString);
        var (_, taskId) = await Uploads.UploadForTaskAsync(client);
        var running = await worker.SetStatusAsync(taskId, WorkflowTaskStatus.Running);
        await using var viewer = await LogSocket.ConnectAsync(factory, client, taskId);
        Assert.False(await viewer.ReadAsync(f => LogSocket.Type(f) == "status" && viewer.LogSeqs.LastOrDefault() == 2));
        // Live messages that carry nothing new keep the viewer from polling: only the gap check can find 3..12.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        var heartbeat = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                worker.Republish(taskId, running);
                await Task.Delay(100, CancellationToken.None);
            }
        }, Cancel);

        await worker.LogAsync(taskId, 10, publish: false);
        await worker.LogAsync(taskId, 1);
        var reached = !await viewer.ReadAsync(f => LogSocket.Type(f) == "log" && f.GetProperty("seq").GetInt64() == 13);
        await stop.CancelAsync();
        await heartbeat;

        Assert.True(reached);
        Assert.Equal(Enumerable.Range(1, 13).Select(i => (long)i), viewer.LogSeqs);
    }

    [Fact]
    public async Task WebSocketOfAnotherUserIsRefusedBeforeUpgrade()
    {
        var owner = await factory.GetSharedUserClientAsync();
        var stranger = await factory.CreateUserClientAsync();
        var (_, taskId) = await Uploads.UploadForTaskAsync(owner);

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => LogSocket.ConnectAsync(factory, stranger, taskId));

        Assert.Contains("404", refused.Message);
    }

    [Theory]
    [InlineData("taskId=nope", "invalid_task_id")]
    [InlineData("after=1", "invalid_task_id")]
    [InlineData("taskId=0194a0f3-0000-7000-8000-000000000000&after=-3", "invalid_after")]
    [InlineData("taskId=0194a0f3-0000-7000-8000-000000000000&after=x", "invalid_after")]
    public async Task WebSocketWithBadQueryReturnsBadRequest(string query, string code)
    {
        var client = await factory.GetSharedUserClientAsync();

        var response = await client.GetAsync($"/ws/logs?{query}", Cancel);

        await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, code);
    }

    [Fact]
    public async Task WebSocketAcceptsAccessTokenInQueryAndRefusesNone()
    {
        var client = await factory.GetSharedUserClientAsync();
        var (_, taskId) = await Uploads.UploadForTaskAsync(client);
        var token = client.DefaultRequestHeaders.Authorization!.Parameter;
        var anonymous = factory.CreateClient();

        var withToken = await anonymous.GetAsync($"/ws/logs?taskId={taskId}&access_token={token}", Cancel);
        var withoutToken = await anonymous.GetAsync($"/ws/logs?taskId={taskId}", Cancel);
        var elsewhere = await anonymous.GetAsync($"/api/task/{taskId}/status?access_token={token}", Cancel);

        // Authenticated and owned: only the missing upgrade is left to complain about.
        await ProblemAssert.IsAsync(withToken, HttpStatusCode.BadRequest, "websocket_required");
        await ProblemAssert.IsAsync(withoutToken, HttpStatusCode.Unauthorized, "unauthenticated");
        await ProblemAssert.IsAsync(elsewhere, HttpStatusCode.Unauthorized, "unauthenticated");
    }

    private static async Task WriteRestAsync(WorkerSimulator worker, Guid taskId, int batches, int size)
    {
        for (var i = 0; i < batches; i++)
        {
            await worker.LogAsync(taskId, size, progress: i * 100 / batches);
            await Task.Delay(15, Cancel);
        }
        await worker.SetStatusAsync(taskId, WorkflowTaskStatus.Completed);
    }
}
