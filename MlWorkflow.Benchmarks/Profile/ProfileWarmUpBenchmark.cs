using System.Diagnostics;
using System.Globalization;
using MlWorkflow.Engine.Profiling;

namespace MlWorkflow.Benchmarks.Profile;

/// <summary>
/// Why the first profile in a fresh process is slower than the next ones, and what makes it not: each configuration
/// (runtime settings as environment variables, or a warm-up of <see cref="ProfilerWarmUp"/> first) runs in a fresh
/// process that profiles the benchmark file three times; configurations are interleaved run by run. The worker runs
/// with the server GC (the Web SDK's default), so every configuration but one does too.
/// </summary>
public static class ProfileWarmUpBenchmark
{
    private static readonly (string Name, int WarmUpRounds, string[] Environment)[] s_configurations =
    [
        ("as the worker (server GC)", 0, ["DOTNET_gcServer=1"]),
        ("workstation GC", 0, ["DOTNET_gcServer=0"]),
        ("TieredPGO off", 0, ["DOTNET_gcServer=1", "DOTNET_TieredPGO=0"]),
        ("QuickJitForLoops off", 0, ["DOTNET_gcServer=1", "DOTNET_TC_QuickJitForLoops=0"]),
        ("TieredCompilation off", 0, ["DOTNET_gcServer=1", "DOTNET_TieredCompilation=0"]),
        ($"warm-up {ProfilerWarmUp.DefaultRounds} rounds", ProfilerWarmUp.DefaultRounds, ["DOTNET_gcServer=1"]),
    ];

    public static async Task<int> RunAsync(BenchmarkOptions options, string? only)
    {
        var file = await WideCsvGenerator.WriteAsync(options.Rows);
        Console.WriteLine($"file: {file} ({options.Rows:N0} rows × 20 columns, {new FileInfo(file).Length / 1e6:F0} MB)");
        var rows = new List<string>();
        for (var run = 1; run <= options.Runs; run++)
        {
            foreach (var (name, rounds, environment) in s_configurations.Where(c => only is null || c.Name.Contains(only, StringComparison.Ordinal)))
            {
                var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";
                var times = await RunChildAsync(environment, file, rounds);
                rows.Add($"| {run} | {name} | {(rounds == 0 ? "–" : times[0].ToString("F2", CultureInfo.InvariantCulture))} | " +
                         $"{times[1]:F2} | {times[2]:F2} | {times[3]:F2} | {times[1] / times[3]:F2} | {load} |");
                Console.WriteLine(rows[^1]);
            }
        }
        Console.WriteLine();
        Console.WriteLine("| run | configuration | warm-up s | 1st profile s | 2nd s | 3rd s | 1st / 3rd | load average |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|");
        rows.ForEach(Console.WriteLine);
        return 0;
    }

    /// <summary>The child side: <c>profile-cold FILE ROUNDS</c> prints "warmUpSeconds first second third".</summary>
    public static async Task<int> ProfileColdAsync(string file, int warmUpRounds)
    {
        var warmUp = warmUpRounds > 0 ? (await ProfilerWarmUp.RunAsync(warmUpRounds)).TotalSeconds : 0;
        var times = new List<double> { warmUp };
        for (var i = 0; i < 3; i++)
        {
            times.Add(await ProfileBenchmark.ProfileOnceAsync(file));
        }
        Console.WriteLine(string.Join(' ', times.Select(t => t.ToString(CultureInfo.InvariantCulture))));
        return 0;
    }

    private static async Task<double[]> RunChildAsync(string[] environment, string file, int warmUpRounds)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!, ProfileBenchmark.Self("profile-cold", file, warmUpRounds.ToString(CultureInfo.InvariantCulture)))
        {
            RedirectStandardOutput = true,
        };
        foreach (var setting in environment)
        {
            var (key, value) = (setting[..setting.IndexOf('=')], setting[(setting.IndexOf('=') + 1)..]);
            start.Environment[key] = value;
        }
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"The child exited with {process.ExitCode}: {output}");
        }
        return [.. output.Trim().Split('\n')[^1].Split(' ').Select(t => double.Parse(t, CultureInfo.InvariantCulture))];
    }
}
