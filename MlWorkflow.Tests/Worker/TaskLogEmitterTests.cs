using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using MlWorkflow.Core.Tasks;
using MlWorkflow.Core.Tasks.Logs;
using MlWorkflow.Tests.Infrastructure;
using Npgsql;
using StackExchange.Redis;

namespace MlWorkflow.Tests.Worker;

public sealed class TaskLogEmitterTests(TaskDatabase database) : IClassFixture<TaskDatabase>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    [Slow]
    public async Task EmitterStoresAndPublishesManyEntriesInOrderWithContiguousSeqs()
    {
        const int count = 50_000;
        var taskId = await NewTaskAsync();
        var received = await ListenAsync(database.Redis, taskId);
        var stopwatch = Stopwatch.StartNew();

        await using (var emitter = NewEmitter(taskId, database.Redis))
        {
            for (var i = 1; i <= count; i++)
            {
                emitter.Emit(TaskLogLevels.Info, "bulk", $"entry {i}", i * 100 / count);
            }
        }

        TestContext.Current.SendDiagnosticMessage($"{count} entries emitted and stored in {stopwatch.ElapsedMilliseconds} ms");
        var entries = await database.AssertLogContiguousAsync(taskId);
        Assert.Equal(Enumerable.Range(1, count).Select(i => $"entry {i}"), entries.Select(e => e.Message));
        Assert.Equal(100, (await database.GetTaskAsync(taskId)).Progress);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (received.Count < count && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50, Cancel);
        }
        lock (received)
        {
            Assert.Equal(entries.Select(e => (e.Seq, e.Message)), received.Select(e => (e.Seq, e.Message)));
        }
    }

    [Fact]
    public async Task EmitterWithRedisStoppedLosesNothingAndDoesNotBlock()
    {
        var taskId = await NewTaskAsync();
        var redisServer = await RedisServer.StartAsync(Cancel);
        await using var redis = await ConnectionMultiplexer.ConnectAsync(redisServer.ConnectionString);
        var emitTime = Stopwatch.StartNew();

        await using (var emitter = NewEmitter(taskId, redis))
        {
            for (var i = 1; i <= 10_000; i++)
            {
                emitter.Emit(TaskLogLevels.Info, "redis", $"entry {i}");
                if (i == 3_000)
                {
                    await emitter.FlushAsync(Cancel);
                    await redisServer.DisposeAsync();
                    emitTime.Restart();
                }
            }
            Assert.True(emitTime.Elapsed < TimeSpan.FromSeconds(2), $"Emitting with Redis down took {emitTime.Elapsed}.");
            await emitter.FlushAsync(Cancel).WaitAsync(TimeSpan.FromSeconds(20), Cancel);
        }

        var entries = await database.AssertLogContiguousAsync(taskId);
        Assert.Equal(Enumerable.Range(1, 10_000).Select(i => $"entry {i}"), entries.Select(e => e.Message));
    }

    [Fact]
    public async Task EmitterRetriesWhenItsConnectionsAreKilledAndKeepsOrder()
    {
        var taskId = await NewTaskAsync();
        const string application = "emitter-under-test";
        await using var dataSource = NpgsqlDataSource.Create($"{database.ConnectionString};Application Name={application}");

        await using (var emitter = new TaskLogEmitter(taskId, dataSource, database.Redis, NullLogger.Instance))
        {
            for (var i = 1; i <= 20_000; i++)
            {
                emitter.Emit(TaskLogLevels.Info, "retry", $"entry {i}");
                if (i % 5_000 == 0)
                {
                    await emitter.FlushAsync(Cancel);
                    await using var kill = database.DataSource.CreateCommand(
                        $"SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = '{application}'");
                    Assert.True((long)(await kill.ExecuteScalarAsync(Cancel))! > 0);
                }
            }
        }

        var entries = await database.AssertLogContiguousAsync(taskId);
        Assert.Equal(Enumerable.Range(1, 20_000).Select(i => $"entry {i}"), entries.Select(e => e.Message));
    }

    [Fact]
    public async Task EmitterKeepsProgressRisingAndTrimsLongSteps()
    {
        var taskId = await NewTaskAsync();

        await using (var emitter = NewEmitter(taskId, database.Redis))
        {
            emitter.Emit(TaskLogLevels.Info, "scan", "a", 10);
            emitter.Emit(TaskLogLevels.Info, "scan", "b", 60);
            emitter.Emit(TaskLogLevels.Info, "scan", "c", 30);
            emitter.Emit(TaskLogLevels.Warning, new string('s', 100), "d");
            await emitter.FlushAsync(Cancel);

            Assert.Equal(4, (await database.ReadLogAsync(taskId)).Count);
        }

        var entries = await database.AssertLogContiguousAsync(taskId);
        Assert.Equal([10, 60, null, null], entries.Select(e => e.Progress));
        Assert.Equal(new string('s', TaskLogEmitter.MaxStepLength), entries[3].Step);
        Assert.Equal(60, (await database.GetTaskAsync(taskId)).Progress);
    }

    private TaskLogEmitter NewEmitter(Guid taskId, IConnectionMultiplexer redis) =>
        new(taskId, database.DataSource, redis, NullLogger.Instance);

    private async Task<Guid> NewTaskAsync()
    {
        var ownerId = await database.CreateUserAsync();
        await using var db = database.NewContext();
        var task = new WorkflowTask { OwnerId = ownerId, Kind = WorkflowTaskKind.Profile };
        db.Tasks.Add(task);
        await db.SaveChangesAsync(Cancel);
        return task.Id;
    }

    private static async Task<List<TaskLogEntry>> ListenAsync(IConnectionMultiplexer redis, Guid taskId)
    {
        var received = new List<TaskLogEntry>();
        var queue = await redis.GetSubscriber().SubscribeAsync(TaskLogChannel.For(taskId));
        queue.OnMessage(message =>
        {
            lock (received)
            {
                received.AddRange(TaskLogChannel.Deserialize((byte[])message.Message!));
            }
        });
        return received;
    }
}
