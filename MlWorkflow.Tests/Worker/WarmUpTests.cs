using System.Text.RegularExpressions;
using MlWorkflow.Tests.Infrastructure;

namespace MlWorkflow.Tests.Worker;

/// <summary>
/// The worker profiles a small generated CSV and trains every trainer once when it starts, so that a user's first upload
/// and first training do not pay for the JIT.
/// </summary>
[Collection(WorkerProcessCollection.Name)]
public sealed partial class WarmUpTests(InfrastructureFixture infrastructure)
{
    [Fact]
    [Slow]
    public async Task WorkerStartWarmsUpTheProfilerThenTheTrainersAndLogsHowLongEachTook()
    {
        await using var database = new TaskDatabase(infrastructure);
        await database.InitializeAsync();

        await using var worker = await WorkerProcess.StartAsync(database.WorkerSettings());

        Assert.Matches(WarmedUp(), await WaitForLineAsync(worker, "Profiler warm"));
        Assert.Matches(TrainersWarmedUp(), await WaitForLineAsync(worker, "Trainers warmed up"));
        Assert.DoesNotContain("Warm-up failed", worker.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WorkerWithTrainingWarmUpOffOrWithoutTheTrainQueueSkipsTheTrainers()
    {
        await using var database = new TaskDatabase(infrastructure);
        await database.InitializeAsync();
        var off = database.WorkerSettings();
        off["Worker:WarmUpTraining"] = "false";
        var profileOnly = database.WorkerSettings();
        profileOnly["Worker:Queues"] = "profile,default";

        await using var offWorker = await WorkerProcess.StartAsync(off);
        await using var profileWorker = await WorkerProcess.StartAsync(profileOnly);

        Assert.Contains("Trainer warm-up is off (Worker:WarmUpTraining = false).", await WaitForLineAsync(offWorker, "Trainer warm-up"), StringComparison.Ordinal);
        Assert.Contains("Trainer warm-up skipped: this worker does not take jobs from the 'train' queue.",
            await WaitForLineAsync(profileWorker, "Trainer warm-up"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WorkerWithZeroWarmUpRoundsSaysTheWarmUpIsOff()
    {
        await using var database = new TaskDatabase(infrastructure);
        await database.InitializeAsync();
        var settings = database.WorkerSettings();
        settings["Worker:WarmUpRounds"] = "0";

        await using var worker = await WorkerProcess.StartAsync(settings);

        Assert.Contains("Profiler warm-up is off (Worker:WarmUpRounds = 0).", await WaitForLineAsync(worker, "Profiler warm"), StringComparison.Ordinal);
        Assert.DoesNotContain("Profiler warmed up", worker.Output, StringComparison.Ordinal);
    }

    private static async Task<string> WaitForLineAsync(WorkerProcess worker, string start)
    {
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (DateTime.UtcNow < deadline)
        {
            if (worker.Output.Split('\n').FirstOrDefault(line => line.Contains(start, StringComparison.Ordinal)) is { } line)
            {
                return line;
            }
            await Task.Delay(200, TestContext.Current.CancellationToken);
        }
        throw new InvalidOperationException($"The worker logged no line with '{start}'.\n{worker.Output}");
    }

    [GeneratedRegex(@"Trainers warmed up in \d+ ms \(one trial of every trainer per task on a generated \d+-row table\)\.")]
    private static partial Regex TrainersWarmedUp();

    [GeneratedRegex(@"Profiler warmed up in \d+ ms \(\d+ profiles of a generated \d+-row CSV\)\.")]
    private static partial Regex WarmedUp();
}
