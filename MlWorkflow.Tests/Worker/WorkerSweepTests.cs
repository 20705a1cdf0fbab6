using MlWorkflow.Core.Artifacts;
using MlWorkflow.Core.Tasks;
using MlWorkflow.Tests.Infrastructure;

namespace MlWorkflow.Tests.Worker;

/// <summary>The sweeps a worker runs when it starts (and periodically): tasks left without a job, files nothing refers to.</summary>
[Slow]
[Collection(WorkerProcessCollection.Name)]
public sealed class WorkerSweepTests(InfrastructureFixture infrastructure)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PendingTaskWithoutJobIsQueuedAndRunsAfterTheGrace()
    {
        await using var database = new TaskDatabase(infrastructure);
        await database.InitializeAsync();
        var ownerId = await database.CreateUserAsync();
        var dataset = await database.CreateSampleDatasetAsync(ownerId, "iris.csv");
        var stranded = new WorkflowTask { OwnerId = ownerId, Kind = WorkflowTaskKind.Profile, DatasetId = dataset.Id, EnqueuedAt = DateTimeOffset.UtcNow.AddMinutes(-2) };
        var recent = new WorkflowTask { OwnerId = ownerId, Kind = WorkflowTaskKind.Profile, DatasetId = dataset.Id };
        await using (var connection = await database.DataSource.OpenConnectionAsync(Cancel))
        await using (var transaction = await connection.BeginTransactionAsync(Cancel))
        {
            await TaskRows.InsertAsync(connection, transaction, stranded, Cancel);
            await TaskRows.InsertAsync(connection, transaction, recent, Cancel);
            await transaction.CommitAsync(Cancel);
        }

        await using var worker = await WorkerProcess.StartAsync(database.WorkerSettings());
        var done = await database.WaitForFinishedAsync(stranded.Id, TimeSpan.FromSeconds(60), worker.Output);

        Assert.Equal(WorkflowTaskStatus.Completed, done.Status);
        Assert.NotNull(done.JobId);
        var waiting = await database.GetTaskAsync(recent.Id);
        Assert.Equal(WorkflowTaskStatus.Pending, waiting.Status);
        Assert.Null(waiting.JobId);
    }

    [Fact]
    public async Task StoredFilesNothingRefersToAreDeletedAfterTheGrace()
    {
        await using var database = new TaskDatabase(infrastructure);
        await database.InitializeAsync();
        var ownerId = await database.CreateUserAsync();
        var kept = await database.CreateSampleDatasetAsync(ownerId, "iris.csv");
        var store = new PostgresArtifactStore(database.DataSource);
        var orphan = await store.SaveAsync(new MemoryStream("a,b\n1,2\n"u8.ToArray()), "dataset", "text/csv", Cancel);
        var fresh = await store.SaveAsync(new MemoryStream("a,b\n3,4\n"u8.ToArray()), "dataset", "text/csv", Cancel);
        await using (var command = database.DataSource.CreateCommand($"UPDATE artifacts SET created_at = now() - interval '2 hours' WHERE id IN ('{orphan.Id}', '{kept.ArtifactId}')"))
        {
            await command.ExecuteNonQueryAsync(Cancel);
        }

        await using var worker = await WorkerProcess.StartAsync(database.WorkerSettings());
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (await CountAsync(database, $"SELECT count(*) FROM artifacts WHERE id = '{orphan.Id}'") > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, $"The orphaned artifact is still there.\n{worker.Output}");
            await Task.Delay(100, Cancel);
        }

        Assert.Equal(1, await CountAsync(database, $"SELECT count(*) FROM artifacts WHERE id = '{fresh.Id}'"));
        Assert.Equal(1, await CountAsync(database, $"SELECT count(*) FROM artifacts WHERE id = '{kept.ArtifactId}'"));
        Assert.Equal(1, await CountAsync(database, $"SELECT count(*) FROM artifact_chunks WHERE artifact_id = '{kept.ArtifactId}'"));
    }

    private static async Task<long> CountAsync(TaskDatabase database, string sql)
    {
        await using var command = database.DataSource.CreateCommand(sql);
        return (long)(await command.ExecuteScalarAsync(Cancel))!;
    }
}
