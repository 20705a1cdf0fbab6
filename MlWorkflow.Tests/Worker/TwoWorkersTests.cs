using MlWorkflow.Core.Datasets;
using MlWorkflow.Core.Tasks;
using MlWorkflow.Core.Tasks.Logs;
using MlWorkflow.Tests.Infrastructure;

namespace MlWorkflow.Tests.Worker;

[Collection(WorkerProcessCollection.Name)]
public sealed class TwoWorkersTests(InfrastructureFixture infrastructure)
{
    [Fact]
    [Slow]
    public async Task TwoWorkersRunEveryTaskToCompletionExactlyOnce()
    {
        const int count = 40;
        await using var database = new TaskDatabase(infrastructure);
        await database.InitializeAsync();
        var ownerId = await database.CreateUserAsync();
        var datasets = new List<Dataset>();
        for (var i = 0; i < count; i++)
        {
            datasets.Add(await database.CreateSampleDatasetAsync(ownerId, i % 2 == 0 ? "iris.csv" : "penguins.csv"));
        }
        await using var first = await WorkerProcess.StartAsync(database.WorkerSettings(count: 3));
        await using var second = await WorkerProcess.StartAsync(database.WorkerSettings(count: 3));

        var tasks = new List<WorkflowTask>();
        foreach (var dataset in datasets)
        {
            tasks.Add(await database.CreateTaskAsync(ownerId, dataset.Id));
        }

        foreach (var task in tasks)
        {
            var done = await database.WaitForFinishedAsync(task.Id, TimeSpan.FromSeconds(90), first.Output + second.Output);
            Assert.Equal(WorkflowTaskStatus.Completed, done.Status);
            var entries = await database.AssertLogContiguousAsync(task.Id);
            var statuses = entries.Where(e => e.Step == TaskLogSteps.Status).Select(e => e.Message.Split(':')[0]);
            Assert.Equal(["pending", "running", "completed"], statuses);
            Assert.Equal(DatasetStatus.Ready, (await database.GetDatasetAsync(task.DatasetId!.Value)).Status);
        }
        var processes = new HashSet<string>();
        foreach (var task in tasks)
        {
            var running = (await database.ReadLogAsync(task.Id)).Single(e => e.Message.StartsWith("running:", StringComparison.Ordinal));
            processes.Add(running.Message[running.Message.IndexOf("process ", StringComparison.Ordinal)..]);
        }
        Assert.Equal(2, processes.Count);
    }
}
