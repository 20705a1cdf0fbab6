using System.Diagnostics;
using Hangfire;
using MlWorkflow.Core.Datasets;
using MlWorkflow.Core.Tasks;
using MlWorkflow.Core.Tasks.Logs;
using MlWorkflow.Tests.Infrastructure;

namespace MlWorkflow.Tests.Worker;

/// <summary>Alone: the 2 s limit is about the worker, not about sharing two cores with other tests.</summary>
[CollectionDefinition(nameof(TaskCancelCollection), DisableParallelization = true)]
public sealed class TaskCancelCollection;

[Collection(nameof(TaskCancelCollection))]
public sealed class TaskCancelTests(InfrastructureFixture infrastructure)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    [Slow]
    public async Task CancelOfRunningTaskEndsItCancelledWithinTwoSeconds()
    {
        await using var database = new TaskDatabase(infrastructure);
        await database.InitializeAsync();
        await using var worker = await WorkerProcess.StartAsync(database.WorkerSettings());
        var ownerId = await database.CreateUserAsync();
        var dataset = await database.CreateGeneratedDatasetAsync(ownerId, 200_000_000);
        var task = await database.CreateTaskAsync(ownerId, dataset.Id);
        await database.WaitForAsync(task.Id, t => t.Progress >= 5, TimeSpan.FromSeconds(30), worker.Output);

        var stopwatch = Stopwatch.StartNew();
        await using (var db = database.NewContext())
        {
            // What POST /api/cancel does: record who asked, then delete the job so its token fires.
            var row = await db.Tasks.FindAsync([task.Id], Cancel);
            row!.CancelRequestedBy = "alice@example.com";
            await db.SaveChangesAsync(Cancel);
        }
        Assert.True(database.Jobs.Delete((await database.GetTaskAsync(task.Id)).JobId));
        var done = await database.WaitForFinishedAsync(task.Id, TimeSpan.FromSeconds(10), worker.Output);
        var elapsed = stopwatch.Elapsed;
        TestContext.Current.SendDiagnosticMessage($"Cancelled {elapsed.TotalMilliseconds:F0} ms after the request");

        Assert.Equal(WorkflowTaskStatus.Cancelled, done.Status);
        Assert.True(elapsed < TimeSpan.FromSeconds(2), $"Cancel took {elapsed}.");
        Assert.True(done.Progress < 100);
        var entries = await database.AssertLogContiguousAsync(task.Id);
        var last = entries[^1];
        Assert.Equal(TaskLogSteps.Status, last.Step);
        Assert.Equal("cancelled: Cancelled by alice@example.com", last.Message);
        var stored = await database.GetDatasetAsync(dataset.Id);
        Assert.Equal(DatasetStatus.Uploaded, stored.Status);
        Assert.Null(stored.Profile);
    }
}
