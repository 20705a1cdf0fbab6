using MlWorkflow.Core.Tasks;
using MlWorkflow.Tests.Infrastructure;

namespace MlWorkflow.Tests.Api;

/// <summary>Redis is only a hint: with it stopped mid-task, viewers still get every entry from Postgres.</summary>
public sealed class RedisDownLogsTests(InfrastructureFixture infrastructure)
{
    [Fact]
    [Slow]
    public async Task ViewersGetEveryEntryAfterRedisStops()
    {
        var redis = await RedisServer.StartAsync(TestContext.Current.CancellationToken);
        await using var factory = await StandaloneApiFactory.StartAsync(infrastructure, redis.ConnectionString);
        var client = await MlWorkflowApiFactory.CreateUserClientAsync(factory);
        var worker = HangfireJobs.Simulator(factory, factory.ConnectionString);
        var (_, taskId) = await Uploads.UploadForTaskAsync(client);
        await worker.SetStatusAsync(taskId, WorkflowTaskStatus.Running);
        await using var before = await LogSocket.ConnectAsync(factory, client, taskId);
        var beforeReading = before.ReadAsync();
        await worker.LogAsync(taskId, 50);

        await redis.DisposeAsync();
        for (var i = 0; i < 10; i++)
        {
            await worker.LogAsync(taskId, 30);
        }
        await using var after = await LogSocket.ConnectAsync(factory, client, taskId, after: 10);
        var afterReading = after.ReadAsync();
        await worker.LogAsync(taskId, 20);
        await worker.SetStatusAsync(taskId, WorkflowTaskStatus.Completed);

        Assert.True(await beforeReading);
        Assert.True(await afterReading);
        const int total = 1 + 1 + 50 + 300 + 20 + 1;
        Assert.Equal(Enumerable.Range(1, total).Select(i => (long)i), before.LogSeqs);
        Assert.Equal(Enumerable.Range(11, total - 10).Select(i => (long)i), after.LogSeqs);
        Assert.Equal("completed", before.Frames[^1].GetProperty("status").GetString());
        Assert.Equal("completed", after.Frames[^1].GetProperty("status").GetString());
    }
}
