using System.Text.RegularExpressions;
using MlWorkflow.Tests.Infrastructure;

namespace MlWorkflow.Tests.Worker;

/// <summary>The worker profiles a small generated CSV when it starts, so that a user's first upload does not pay for the JIT.</summary>
[Collection(WorkerProcessCollection.Name)]
public sealed partial class ProfilerWarmUpTests(InfrastructureFixture infrastructure)
{
    [Fact]
    public async Task WorkerStartWarmsUpTheProfilerAndLogsHowLongItTook()
    {
        await using var database = new TaskDatabase(infrastructure);
        await database.InitializeAsync();

        await using var worker = await WorkerProcess.StartAsync(database.WorkerSettings());

        var line = await WaitForLineAsync(worker, "Profiler warm");
        Assert.Matches(WarmedUp(), line);
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

    [GeneratedRegex(@"Profiler warmed up in \d+ ms \(\d+ profiles of a generated \d+-row CSV\)\.")]
    private static partial Regex WarmedUp();
}
