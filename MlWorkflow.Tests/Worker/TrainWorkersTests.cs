using Hangfire;
using System.Text.Json;
using MlWorkflow.Core.Tasks;
using MlWorkflow.Engine.Training;
using MlWorkflow.Tests.Infrastructure;

namespace MlWorkflow.Tests.Worker;

/// <summary>Trainings have workers of their own (<c>Worker:TrainCount</c>), so a profile never waits for one to end.</summary>
[Collection(WorkerProcessCollection.Name)]
public sealed class TrainWorkersTests(InfrastructureFixture infrastructure)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    [Slow]
    public async Task AProfileCompletesWhileTwoLongTrainingsWaitForTheOneTrainWorker()
    {
        await using var database = new TaskDatabase(infrastructure);
        await database.InitializeAsync();
        var settings = database.WorkerSettings(count: 2);
        settings["Worker:TrainCount"] = "1";
        await using var worker = await WorkerProcess.StartAsync(settings);
        var ownerId = await database.CreateUserAsync();
        var iris = await PreprocessTasks.ProfileAsync(database, ownerId, await database.CreateSampleDatasetAsync(ownerId, "iris.csv"), worker);
        // Searches that would run for their whole 120 s: no trial limit.
        var trainings = new[] { await CreateTrainingAsync(database, ownerId, iris.Id), await CreateTrainingAsync(database, ownerId, iris.Id) };
        await WaitForARunningTrainingAsync(database, trainings, worker);

        var upload = await database.CreateSampleDatasetAsync(ownerId, "penguins.csv");
        var profile = await database.CreateTaskAsync(ownerId, upload.Id);
        var profiled = await database.WaitForFinishedAsync(profile.Id, TimeSpan.FromSeconds(90), worker.Output);

        Assert.Equal(WorkflowTaskStatus.Completed, profiled.Status);
        var statuses = new List<WorkflowTaskStatus>();
        foreach (var training in trainings)
        {
            statuses.Add((await database.GetTaskAsync(training.Id)).Status);
        }
        // One training holds the train worker for its budget, the other waits for it; the profile went past both.
        Assert.Equal([WorkflowTaskStatus.Pending, WorkflowTaskStatus.Running], statuses.Order());

        await CancelAsync(database, trainings, statuses, worker);
    }

    private static async Task WaitForARunningTrainingAsync(TaskDatabase database, WorkflowTask[] trainings, WorkerProcess worker)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var statuses = new List<WorkflowTaskStatus>();
            foreach (var training in trainings)
            {
                statuses.Add((await database.GetTaskAsync(training.Id)).Status);
            }
            if (statuses.Contains(WorkflowTaskStatus.Running))
            {
                return;
            }
            Assert.True(DateTime.UtcNow < deadline, $"No training started within 60 s: {string.Join(", ", statuses)}.\n{worker.Output}");
            await Task.Delay(100, Cancel);
        }
    }

    private static async Task<WorkflowTask> CreateTrainingAsync(TaskDatabase database, Guid ownerId, Guid datasetId)
    {
        var parameters = new TrainTaskParameters(datasetId, "iris-target", "target", "multiclass", "macroF1",
            TrainerSpec.For("multiclass"), 120, null, 0, true, JsonSerializer.SerializeToElement(Array.Empty<object>()));
        return await database.CreateTaskAsync(ownerId, datasetId, WorkflowTaskKind.Train, parameters.ToJson());
    }

    /// <summary>What <c>POST /api/cancel</c> does: a pending task is cancelled at once, a running one has its job deleted.</summary>
    private static async Task CancelAsync(TaskDatabase database, WorkflowTask[] trainings, List<WorkflowTaskStatus> statuses, WorkerProcess worker)
    {
        var pending = trainings[statuses.IndexOf(WorkflowTaskStatus.Pending)];
        var running = trainings[statuses.IndexOf(WorkflowTaskStatus.Running)];
        // The queued job first, so the train worker cannot take it once the running one ends.
        Assert.True(database.Jobs.Delete((await database.GetTaskAsync(pending.Id)).JobId));
        await using (var db = database.NewContext())
        {
            var row = await db.Tasks.FindAsync([pending.Id], Cancel);
            row!.CancelRequestedBy = "alice@example.com";
            row.Status = WorkflowTaskStatus.Cancelled;
            row.FinishedAt = DateTimeOffset.UtcNow;
            var runningRow = await db.Tasks.FindAsync([running.Id], Cancel);
            runningRow!.CancelRequestedBy = "alice@example.com";
            await db.SaveChangesAsync(Cancel);
        }
        Assert.True(database.Jobs.Delete((await database.GetTaskAsync(running.Id)).JobId));
        var cancelled = await database.WaitForFinishedAsync(running.Id, TimeSpan.FromSeconds(60), worker.Output);
        Assert.Equal(WorkflowTaskStatus.Cancelled, cancelled.Status);
    }
}
