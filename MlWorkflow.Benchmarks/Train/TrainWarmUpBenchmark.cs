using System.Diagnostics;
using System.Globalization;
using MlWorkflow.Benchmarks.Profile;
using MlWorkflow.Engine;
using MlWorkflow.Engine.Csv;
using MlWorkflow.Engine.Profiling;
using MlWorkflow.Engine.Targets;
using MlWorkflow.Engine.Training;

namespace MlWorkflow.Benchmarks.Train;

/// <summary>
/// What the first model search in a fresh worker process costs with and without <see cref="TrainerWarmUp"/>: each
/// configuration runs in a fresh process (server GC, tiered compilation off: the worker's settings) that searches
/// titanic three times, one trial per binary trainer each time; configurations are interleaved run by run.
/// </summary>
public static class TrainWarmUpBenchmark
{
    private static readonly (string Name, bool WarmUp)[] s_configurations = [("no warm-up", false), ("TrainerWarmUp first", true)];

    public static async Task<int> RunAsync(int runs)
    {
        var file = Path.Combine(AppContext.BaseDirectory, "samples", "titanic.csv");
        var rows = new List<string>();
        for (var run = 1; run <= runs; run++)
        {
            foreach (var (name, warmUp) in s_configurations)
            {
                var load = File.ReadAllText("/proc/loadavg").Split(' ')[0];
                var output = await RunChildAsync(file, warmUp);
                string[] labels = ["warm-up", "1st search", "2nd search", "3rd search"];
                foreach (var (phase, index) in output.Select((p, i) => (p, i)).Where(p => warmUp || p.i > 0))
                {
                    var p = phase.Split(',').Select(f => double.Parse(f, CultureInfo.InvariantCulture)).ToArray();
                    rows.Add(string.Create(CultureInfo.InvariantCulture,
                        $"| {run} | {name} | {labels[index]} | {p[0]:F2} | {p[1]:F2} | {p[2]:F2} ({p[3]:F0}) | {(double.IsNaN(p[5]) ? "" : p[5].ToString("F2", CultureInfo.InvariantCulture))} | {load} |"));
                    Console.WriteLine(rows[^1]);
                }
            }
        }
        Console.WriteLine();
        Console.WriteLine("| run | configuration | phase | wall s | CPU s | JIT s (methods compiled) | 1st trial s | load average |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|");
        rows.ForEach(Console.WriteLine);
        return 0;
    }

    /// <summary>The child side: <c>train-cold FILE WARMUP</c> prints the warm-up's and each search's figures.</summary>
    public static async Task<int> TrainColdAsync(string file, bool warmUp)
    {
        var phases = new List<string> { await MeasureAsync(async () => { if (warmUp) { await TrainerWarmUp.RunAsync(); } return double.NaN; }) };
        for (var i = 0; i < 3; i++)
        {
            phases.Add(await MeasureAsync(() => SearchAsync(file)));
        }
        Console.WriteLine(string.Join(' ', phases));
        return 0;
    }

    /// <summary>One trial per binary trainer on titanic, as the train job loads it; returns the first trial's seconds.</summary>
    private static async Task<double> SearchAsync(string file)
    {
        var bytes = await File.ReadAllBytesAsync(file);
        var dialect = new CsvDialect(',', CsvDialect.Utf8);
        var profile = await new DatasetProfiler().ProfileAsync(new MemoryStream(bytes), dialect, bytes.Length, SilentProgress.Instance, CancellationToken.None);
        var table = await TrainingTable.LoadAsync(new MemoryStream(bytes), dialect, [.. profile.Columns.Select(c => new TableColumn(c.Name, c.Type))],
            "survived", TargetTasks.Binary, profile.MissingTokens, null, CancellationToken.None);
        var algorithms = TrainerSpec.For(TargetTasks.Binary);
        var request = new TrainingRequest("survived", TargetTasks.Binary, TrainingMetrics.Auc, algorithms, 600, algorithms.Count);
        var result = await new ModelSearch(table, request).RunAsync(SilentProgress.Instance, null, CancellationToken.None, CancellationToken.None);
        return result.Leaderboard.Single(entry => entry.Trial == 1).TrainSeconds;
    }

    /// <summary>The profile warm-up benchmark's figures of the work, then the seconds of its first trial (NaN for none).</summary>
    private static async Task<string> MeasureAsync(Func<Task<double>> work)
    {
        var firstTrial = double.NaN;
        var figures = await ProfileWarmUpBenchmark.MeasureAsync(async () => firstTrial = await work());
        return string.Create(CultureInfo.InvariantCulture, $"{figures},{firstTrial:F2}");
    }

    private static async Task<string[]> RunChildAsync(string file, bool warmUp)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!, ProfileBenchmark.Self("train-cold", file, warmUp ? "1" : "0"))
        {
            RedirectStandardOutput = true,
        };
        start.Environment["DOTNET_gcServer"] = "1";
        start.Environment["DOTNET_TieredCompilation"] = "0";
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return process.ExitCode == 0
            ? output.Trim().Split('\n')[^1].Split(' ')
            : throw new InvalidOperationException($"The child exited with {process.ExitCode}: {output}");
    }
}
