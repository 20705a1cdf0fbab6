using Hangfire;
using MlWorkflow.Core.Datasets;
using MlWorkflow.Core.Tasks;
using MlWorkflow.Core.Tasks.Logs;
using MlWorkflow.Engine.Training;
using MlWorkflow.Tests.Infrastructure;

namespace MlWorkflow.Tests.Worker;

[Collection(WorkerProcessCollection.Name)]
[Slow]
public sealed class WorkerCrashTests(InfrastructureFixture infrastructure)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>Hangfire's sliding invisibility timeout (30 s) hands a dead worker's job to another one.</summary>
    [Fact]
    public async Task TaskOfKilledWorkerCompletesOnAnotherWorkerWithOneContiguousLog()
    {
        await using var database = new TaskDatabase(infrastructure);
        await database.InitializeAsync();
        var ownerId = await database.CreateUserAsync();
        var dataset = await database.CreateGeneratedDatasetAsync(ownerId, 150_000_000);
        await using var first = await WorkerProcess.StartAsync(database.WorkerSettings());
        var task = await database.CreateTaskAsync(ownerId, dataset.Id);
        await database.WaitForAsync(task.Id, t => t.Progress >= 5, TimeSpan.FromSeconds(30), first.Output);

        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        first.Kill();
        var killedAt = await database.GetTaskAsync(task.Id);
        Assert.Equal(WorkflowTaskStatus.Running, killedAt.Status);
        await using var second = await WorkerProcess.StartAsync(database.WorkerSettings());
        var done = await database.WaitForFinishedAsync(task.Id, TimeSpan.FromSeconds(90), second.Output);
        TestContext.Current.SendDiagnosticMessage($"Killed, restarted and completed in {stopwatch.ElapsedMilliseconds} ms");

        Assert.Equal(WorkflowTaskStatus.Completed, done.Status);
        Assert.Equal(1, done.Attempt);
        Assert.Equal(killedAt.StartedAt, done.StartedAt);
        var entries = await database.AssertLogContiguousAsync(task.Id);
        var statuses = entries.Where(e => e.Step == TaskLogSteps.Status).Select(e => e.Message).ToList();
        Assert.Equal(4, statuses.Count);
        Assert.StartsWith("pending:", statuses[0]);
        Assert.StartsWith("running: started", statuses[1]);
        Assert.StartsWith("running: resumed after the previous run stopped", statuses[2]);
        Assert.StartsWith("completed:", statuses[3]);
        var stored = await database.GetDatasetAsync(dataset.Id);
        Assert.Equal(DatasetStatus.Ready, stored.Status);
        Assert.Equal(task.Id, stored.ProfileTaskId);
        await using var count = database.DataSource.CreateCommand("SELECT count(*) FROM datasets WHERE profile IS NOT NULL");
        Assert.Equal(1L, await count.ExecuteScalarAsync(Cancel));
        Assert.Contains(dataset.RowCount.ToString(System.Globalization.CultureInfo.InvariantCulture), stored.Profile!);
    }

    /// <summary>A training whose worker dies mid-search starts over on the next worker and registers exactly one model.</summary>
    [Fact]
    public async Task TrainingOfKilledWorkerCompletesOnceWithOneModel()
    {
        await using var database = new TaskDatabase(infrastructure);
        await database.InitializeAsync();
        var ownerId = await database.CreateUserAsync();
        var dataset = await database.CreateSampleDatasetAsync(ownerId, "titanic.csv");
        await using var first = await WorkerProcess.StartAsync(database.WorkerSettings());
        await PreprocessTasks.ProfileAsync(database, ownerId, dataset, first);
        var parameters = new TrainTaskParameters(dataset.Id, "titanic-survived", "survived", "binary", "auc",
            TrainerSpec.For("binary"), 600, 8, 0, true, System.Text.Json.JsonSerializer.SerializeToElement(Array.Empty<object>()));
        var task = await database.CreateTaskAsync(ownerId, dataset.Id, WorkflowTaskKind.Train, parameters.ToJson());
        await database.WaitForAsync(task.Id, t => t.Result is not null, TimeSpan.FromSeconds(90), first.Output);

        first.Kill();
        await using var second = await WorkerProcess.StartAsync(database.WorkerSettings());
        var done = await database.WaitForFinishedAsync(task.Id, TimeSpan.FromSeconds(180), second.Output);

        Assert.True(WorkflowTaskStatus.Completed == done.Status, done.Error + second.Output);
        Assert.Equal(1, done.Attempt);
        using var result = System.Text.Json.JsonDocument.Parse(done.Result!);
        Assert.Equal(8, result.RootElement.GetProperty("leaderboard").GetArrayLength());
        await using var count = database.DataSource.CreateCommand("SELECT count(*) FROM models WHERE train_task_id = @id");
        count.Parameters.AddWithValue("id", task.Id);
        Assert.Equal(1L, await count.ExecuteScalarAsync(Cancel));
        await database.AssertLogContiguousAsync(task.Id);
    }

    /// <summary>
    /// A cancel asked after the worker died: its job is deleted, so nobody runs it again; the next worker's sweeper
    /// ends the task once the job has been deleted for the grace period.
    /// </summary>
    [Fact]
    public async Task CancelOfTaskWhoseWorkerDiedIsCarriedOutByTheNextWorker()
    {
        await using var database = new TaskDatabase(infrastructure);
        await database.InitializeAsync();
        var ownerId = await database.CreateUserAsync();
        var dataset = await database.CreateGeneratedDatasetAsync(ownerId, 150_000_000);
        await using var first = await WorkerProcess.StartAsync(database.WorkerSettings());
        var task = await database.CreateTaskAsync(ownerId, dataset.Id);
        await database.WaitForAsync(task.Id, t => t.Progress >= 5, TimeSpan.FromSeconds(30), first.Output);
        first.Kill();

        var done = await CancelAfterItsWorkerDiedAsync(database, task.Id, "bob@example.com");

        Assert.Equal(WorkflowTaskStatus.Cancelled, done.Status);
        var entries = await database.AssertLogContiguousAsync(task.Id);
        Assert.Equal(TaskLogSteps.Status, entries[^1].Step);
        Assert.StartsWith("cancelled: Cancelled by bob@example.com (the worker running it had stopped", entries[^1].Message);
        var stored = await database.GetDatasetAsync(dataset.Id);
        Assert.Equal(DatasetStatus.Uploaded, stored.Status);
        Assert.Null(stored.Profile);
    }

    /// <summary>
    /// The same for a pipeline run: the sweeper ends it with the run's own cancel writes, so the output dataset it was
    /// writing (no file yet) is removed, and the parent it read keeps its status and profile.
    /// </summary>
    [Fact]
    public async Task CancelOfPreprocessWhoseWorkerDiedRemovesItsOutputAndLeavesItsParent()
    {
        await using var database = new TaskDatabase(infrastructure);
        await database.InitializeAsync();
        var ownerId = await database.CreateUserAsync();
        // Big enough that the run is still reading when it is killed at 5 %, small enough to profile quickly.
        var parent = await database.CreateGeneratedDatasetAsync(ownerId, 25_000_000);
        await using var first = await WorkerProcess.StartAsync(database.WorkerSettings());
        var profiled = await PreprocessTasks.ProfileAsync(database, ownerId, parent, first);
        var artifactsBefore = await PreprocessTasks.CountAsync(database, "SELECT count(*) FROM artifacts");
        var (task, outputId) = await PreprocessTasks.CreateAsync(database, ownerId, parent.Id, await PreprocessTasks.SuggestedAsync(database, parent.Id, "flag"));
        await database.WaitForAsync(task.Id, t => t.Progress >= 5, TimeSpan.FromSeconds(60), first.Output);
        first.Kill();
        Assert.Equal(WorkflowTaskStatus.Running, (await database.GetTaskAsync(task.Id)).Status);

        var done = await CancelAfterItsWorkerDiedAsync(database, task.Id, "carol@example.com");

        Assert.Equal(WorkflowTaskStatus.Cancelled, done.Status);
        Assert.StartsWith("cancelled: Cancelled by carol@example.com (the worker running it had stopped", (await database.AssertLogContiguousAsync(task.Id))[^1].Message);
        Assert.Equal(0, await PreprocessTasks.CountAsync(database, $"SELECT count(*) FROM datasets WHERE id = '{outputId}'"));
        Assert.Equal(artifactsBefore, await PreprocessTasks.CountAsync(database, "SELECT count(*) FROM artifacts"));
        Assert.Equal(0, await PreprocessTasks.CountAsync(database, $"SELECT count(*) FROM tasks WHERE kind = 'profile' AND dataset_id = '{outputId}'"));
        await PreprocessTasks.AssertUnchangedAsync(database, profiled);
    }

    /// <summary>A graceful stop (SIGTERM) cancels the job's token without a cancel request: Hangfire queues it again.</summary>
    [Fact]
    public async Task TaskOfStoppedWorkerIsQueuedAgainAndResumedOnTheNextWorker()
    {
        await using var database = new TaskDatabase(infrastructure);
        await database.InitializeAsync();
        var ownerId = await database.CreateUserAsync();
        var dataset = await database.CreateGeneratedDatasetAsync(ownerId, 100_000_000);
        await using var first = await WorkerProcess.StartAsync(database.WorkerSettings());
        var task = await database.CreateTaskAsync(ownerId, dataset.Id);
        await database.WaitForAsync(task.Id, t => t.Progress >= 5, TimeSpan.FromSeconds(30), first.Output);

        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        await first.DisposeAsync();
        Assert.Equal(WorkflowTaskStatus.Running, (await database.GetTaskAsync(task.Id)).Status);
        await using var second = await WorkerProcess.StartAsync(database.WorkerSettings());
        // The resumed run profiles the whole file again: generous for 2 loaded cores.
        var done = await database.WaitForFinishedAsync(task.Id, TimeSpan.FromSeconds(90), second.Output);
        TestContext.Current.SendDiagnosticMessage($"Stopped, restarted and completed in {stopwatch.ElapsedMilliseconds} ms");

        Assert.Equal(WorkflowTaskStatus.Completed, done.Status);
        var entries = await database.AssertLogContiguousAsync(task.Id);
        Assert.Contains(entries, e => e.Step == "worker" && e.Message.StartsWith("The worker is stopping", StringComparison.Ordinal));
        var statuses = entries.Where(e => e.Step == TaskLogSteps.Status).Select(e => e.Message.Split(" (")[0]);
        Assert.Equal(["pending: queued on 'profile'", "running: started", "running: resumed after the previous run stopped", "completed: profiled " + dataset.RowCount.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) + " rows × 5 columns"], statuses);
    }

    /// <summary>A killed worker's pipeline run starts over on the next worker and writes its output once.</summary>
    [Fact]
    public async Task PreprocessOfKilledWorkerIsResumedAndWritesOneOutput()
    {
        await using var database = new TaskDatabase(infrastructure);
        await database.InitializeAsync();
        var ownerId = await database.CreateUserAsync();
        var parent = await database.CreateGeneratedDatasetAsync(ownerId, 60_000_000);
        await using var first = await WorkerProcess.StartAsync(database.WorkerSettings());
        await PreprocessTasks.ProfileAsync(database, ownerId, parent, first);
        var (task, outputId) = await PreprocessTasks.CreateAsync(database, ownerId, parent.Id, await PreprocessTasks.SuggestedAsync(database, parent.Id, "flag"));
        await database.WaitForAsync(task.Id, t => t.Progress >= 5, TimeSpan.FromSeconds(60), first.Output);

        first.Kill();
        await using var second = await WorkerProcess.StartAsync(database.WorkerSettings());
        var done = await database.WaitForFinishedAsync(task.Id, TimeSpan.FromSeconds(120), second.Output);

        Assert.Equal(WorkflowTaskStatus.Completed, done.Status);
        var output = await database.GetDatasetAsync(outputId);
        Assert.NotNull(output.ArtifactId);
        Assert.Equal(1, await PreprocessTasks.CountAsync(database, $"SELECT count(*) FROM datasets WHERE parent_dataset_id = '{parent.Id}'"));
        Assert.Equal(2, await PreprocessTasks.CountAsync(database, "SELECT count(*) FROM artifacts"));
        Assert.Equal(1, await PreprocessTasks.CountAsync(database, $"SELECT count(*) FROM tasks WHERE kind = 'profile' AND dataset_id = '{outputId}'"));
        var statuses = (await database.AssertLogContiguousAsync(task.Id)).Where(e => e.Step == TaskLogSteps.Status).Select(e => e.Message).ToList();
        Assert.Contains(statuses, s => s.StartsWith("running: resumed after the previous run stopped", StringComparison.Ordinal));
    }

    /// <summary>
    /// What POST /api/cancel does for a running task whose worker has died (the cancel flag, the job deleted), then a
    /// new worker with a 2 s grace whose sweeper ends the task.
    /// </summary>
    private static async Task<WorkflowTask> CancelAfterItsWorkerDiedAsync(TaskDatabase database, Guid taskId, string by)
    {
        await using (var db = database.NewContext())
        {
            var row = await db.Tasks.FindAsync([taskId], Cancel);
            row!.CancelRequestedBy = by;
            await db.SaveChangesAsync(Cancel);
        }
        Assert.True(database.Jobs.Delete((await database.GetTaskAsync(taskId)).JobId));
        var settings = database.WorkerSettings();
        settings["Worker:CancelGraceSeconds"] = "2";
        await using var second = await WorkerProcess.StartAsync(settings);
        return await database.WaitForFinishedAsync(taskId, TimeSpan.FromSeconds(30), second.Output);
    }
}
