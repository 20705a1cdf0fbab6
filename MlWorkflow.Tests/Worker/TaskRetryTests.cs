using MlWorkflow.Core.Datasets;
using MlWorkflow.Core.Tasks;
using MlWorkflow.Core.Tasks.Logs;
using MlWorkflow.Tests.Infrastructure;
using Npgsql;

namespace MlWorkflow.Tests.Worker;

[Collection(WorkerProcessCollection.Name)]
public sealed class TaskRetryTests(InfrastructureFixture infrastructure)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>A database that times out every read of the file is a transient error: retried, then the task fails.</summary>
    [Fact]
    [Slow]
    public async Task TaskWhoseReadsKeepTimingOutIsRetriedThenEndsFailed()
    {
        await using var database = new TaskDatabase(infrastructure);
        await database.InitializeAsync();
        var ownerId = await database.CreateUserAsync();
        var dataset = await database.CreateSampleDatasetAsync(ownerId, "iris.csv");
        var settings = database.WorkerSettings();
        settings["ConnectionStrings:mlworkflowdb"] = $"{database.ConnectionString};Command Timeout=2";
        settings["Worker:RetryAttempts"] = "2";
        settings["Worker:RetryDelaysSeconds"] = "1";
        await using var worker = await WorkerProcess.StartAsync(settings);
        await using var connection = await database.DataSource.OpenConnectionAsync(Cancel);
        await using var transaction = await connection.BeginTransactionAsync(Cancel);
        await using (var lockChunks = new NpgsqlCommand("LOCK TABLE artifact_chunks IN ACCESS EXCLUSIVE MODE", connection, transaction))
        {
            await lockChunks.ExecuteNonQueryAsync(Cancel);
        }

        var task = await database.CreateTaskAsync(ownerId, dataset.Id);
        var done = await database.WaitForFinishedAsync(task.Id, TimeSpan.FromSeconds(60), worker.Output);

        Assert.Equal(WorkflowTaskStatus.Failed, done.Status);
        Assert.Contains("temporary errors 3 times in a row", done.Error);
        Assert.Equal(DatasetStatus.Failed, (await database.GetDatasetAsync(dataset.Id)).Status);
        var entries = await database.AssertLogContiguousAsync(task.Id);
        Assert.Equal(3, entries.Count(e => e.Step == "retry" && e.Level == TaskLogLevels.Warning));
        var statuses = entries.Where(e => e.Step == TaskLogSteps.Status).Select(e => e.Message.Split(" (")[0]);
        Assert.Equal(["pending: queued on 'profile'", "running: started", "running: resumed after the previous run stopped",
            "running: resumed after the previous run stopped", "failed: The task stopped on temporary errors 3 times in a row"], statuses);
    }

    /// <summary>
    /// A pipeline run whose reads of its parent's file keep timing out ends failed with its output dataset, once its
    /// retries are used up; the parent it read stays ready with its profile (only a profile task's failure fails its dataset).
    /// </summary>
    [Fact]
    [Slow]
    public async Task PreprocessWhoseReadsKeepTimingOutFailsItsOutputAndLeavesItsParent()
    {
        await using var database = new TaskDatabase(infrastructure);
        await database.InitializeAsync();
        var ownerId = await database.CreateUserAsync();
        var parent = await database.CreateSampleDatasetAsync(ownerId, "penguins.csv");
        var settings = database.WorkerSettings();
        settings["ConnectionStrings:mlworkflowdb"] = $"{database.ConnectionString};Command Timeout=2";
        settings["Worker:RetryAttempts"] = "2";
        settings["Worker:RetryDelaysSeconds"] = "1";
        await using var worker = await WorkerProcess.StartAsync(settings);
        var profiled = await PreprocessTasks.ProfileAsync(database, ownerId, parent, worker);
        await using var connection = await database.DataSource.OpenConnectionAsync(Cancel);
        await using var transaction = await connection.BeginTransactionAsync(Cancel);
        await using (var lockChunks = new NpgsqlCommand("LOCK TABLE artifact_chunks IN ACCESS EXCLUSIVE MODE", connection, transaction))
        {
            await lockChunks.ExecuteNonQueryAsync(Cancel);
        }

        var (task, outputId) = await PreprocessTasks.CreateAsync(database, ownerId, parent.Id, await PreprocessTasks.SuggestedAsync(database, parent.Id, "species"));
        var done = await database.WaitForFinishedAsync(task.Id, TimeSpan.FromSeconds(60), worker.Output);

        Assert.Equal(WorkflowTaskStatus.Failed, done.Status);
        Assert.Contains("temporary errors 3 times in a row", done.Error);
        Assert.Equal(3, (await database.AssertLogContiguousAsync(task.Id)).Count(e => e.Step == "retry" && e.Level == TaskLogLevels.Warning));
        var output = await database.GetDatasetAsync(outputId);
        Assert.Equal(DatasetStatus.Failed, output.Status);
        Assert.Null(output.ArtifactId);
        await PreprocessTasks.AssertUnchangedAsync(database, profiled);
    }
}
