using MlWorkflow.Core.Tasks;
using MlWorkflow.Tests.Infrastructure;

namespace MlWorkflow.Tests.Worker;

[Collection(WorkerProcessCollection.Name)]
public sealed class RedisOutageTests(InfrastructureFixture infrastructure)
{
    [Fact]
    [Slow]
    public async Task TaskWithRedisStoppedMidwayCompletesWithEveryEntryStored()
    {
        var redis = await RedisServer.StartAsync(TestContext.Current.CancellationToken);
        await using var database = new TaskDatabase(infrastructure);
        await database.InitializeAsync();
        var ownerId = await database.CreateUserAsync();
        var dataset = await database.CreateGeneratedDatasetAsync(ownerId, 150_000_000);
        await using var worker = await WorkerProcess.StartAsync(database.WorkerSettings(redis.ConnectionString));
        var task = await database.CreateTaskAsync(ownerId, dataset.Id);
        await database.WaitForAsync(task.Id, t => t.Progress >= 5, TimeSpan.FromSeconds(30), worker.Output);

        await redis.DisposeAsync();
        var stoppedAt = DateTimeOffset.UtcNow;
        var done = await database.WaitForFinishedAsync(task.Id, TimeSpan.FromSeconds(60), worker.Output);

        Assert.Equal(WorkflowTaskStatus.Completed, done.Status);
        Assert.True(done.FinishedAt > stoppedAt, "The task ended before Redis was stopped: make the file larger.");
        var entries = await database.AssertLogContiguousAsync(task.Id);
        Assert.Equal("completed", entries[^1].Message.Split(':')[0]);
        var progress = entries.Where(e => e.Progress is not null).Select(e => e.Progress!.Value).ToList();
        Assert.Equal(progress.Order(), progress);
        Assert.True(entries.Count(e => e.Progress is not null) >= 95, "Every whole percent of progress is an entry.");
    }
}
