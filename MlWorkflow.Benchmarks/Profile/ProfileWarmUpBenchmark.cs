using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using MlWorkflow.Engine.Profiling;

namespace MlWorkflow.Benchmarks.Profile;

/// <summary>
/// Why the first profile in a fresh process is slower than the next ones, and what makes it not: each configuration
/// (runtime settings as environment variables, or a warm-up of <see cref="ProfilerWarmUp"/> first) runs in a fresh
/// process that profiles the benchmark file three times; configurations are interleaved run by run. The worker runs
/// with the server GC (the Web SDK's default) and tiered compilation off (its project file), so every configuration
/// says both as environment variables (this program's own settings are the SDK's defaults).
/// </summary>
public static class ProfileWarmUpBenchmark
{
    private static readonly (string Name, int WarmUpRounds, string[] Environment)[] s_configurations =
    [
        ("before: tiered JIT, no warm-up", 0, ["DOTNET_gcServer=1", "DOTNET_TieredCompilation=1"]),
        ("workstation GC", 0, ["DOTNET_gcServer=0", "DOTNET_TieredCompilation=1"]),
        ("TieredPGO off", 0, ["DOTNET_gcServer=1", "DOTNET_TieredCompilation=1", "DOTNET_TieredPGO=0"]),
        ("QuickJitForLoops off", 0, ["DOTNET_gcServer=1", "DOTNET_TieredCompilation=1", "DOTNET_TC_QuickJitForLoops=0"]),
        ("tiered JIT + warm-up 40 rounds", 40, ["DOTNET_gcServer=1", "DOTNET_TieredCompilation=1"]),
        ("TieredCompilation off, no warm-up", 0, ["DOTNET_gcServer=1", "DOTNET_TieredCompilation=0"]),
        ($"after: TieredCompilation off + warm-up ({ProfilerWarmUp.DefaultRounds} rounds)", ProfilerWarmUp.DefaultRounds,
            ["DOTNET_gcServer=1", "DOTNET_TieredCompilation=0"]),
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
                var phases = await RunChildAsync(environment, file, rounds);
                string[] labels = ["warm-up", "1st profile", "2nd profile", "3rd profile"];
                for (var phase = rounds == 0 ? 1 : 0; phase < phases.Length; phase++)
                {
                    var (wall, cpu, jit, methods, pause) = phases[phase];
                    rows.Add(string.Create(CultureInfo.InvariantCulture,
                        $"| {run} | {name} | {labels[phase]} | {wall:F2} | {cpu:F2} | {jit:F2} ({methods:N0}) | {pause:F2} | {load} |"));
                    Console.WriteLine(rows[^1]);
                }
            }
        }
        Console.WriteLine();
        Console.WriteLine("| run | configuration | phase | wall s | CPU s | JIT s (methods compiled) | GC pauses s | load average |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|");
        rows.ForEach(Console.WriteLine);
        return 0;
    }

    /// <summary>
    /// The child side: <c>profile-cold FILE ROUNDS</c> prints, for the warm-up and each of three profiles, its wall
    /// seconds, the process's CPU seconds (all threads: the JIT's background compiles and the GC included), the JIT's
    /// compiling seconds and methods compiled, and the GC's pause seconds.
    /// </summary>
    public static async Task<int> ProfileColdAsync(string file, int warmUpRounds)
    {
        var phases = new List<string> { await MeasureAsync(() => warmUpRounds > 0 ? ProfilerWarmUp.RunAsync(warmUpRounds) : Task.CompletedTask) };
        for (var i = 0; i < 3; i++)
        {
            phases.Add(await MeasureAsync(() => ProfileBenchmark.ProfileOnceAsync(file)));
        }
        Console.WriteLine(string.Join(' ', phases));
        return 0;
    }

    /// <summary>Runs the work once and gives "wall,CPU,JIT,methods,GC pause" (seconds, invariant) for a child's output line.</summary>
    internal static async Task<string> MeasureAsync(Func<Task> work)
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var jit = JitInfo.GetCompilationTime();
        var methods = JitInfo.GetCompiledMethodCount();
        var pause = GC.GetTotalPauseDuration();
        var started = Stopwatch.GetTimestamp();
        await work();
        return string.Create(CultureInfo.InvariantCulture,
            $"{Stopwatch.GetElapsedTime(started).TotalSeconds},{(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds}," +
            $"{(JitInfo.GetCompilationTime() - jit).TotalSeconds},{JitInfo.GetCompiledMethodCount() - methods},{(GC.GetTotalPauseDuration() - pause).TotalSeconds}");
    }

    private static async Task<(double Wall, double Cpu, double Jit, long Methods, double Pause)[]> RunChildAsync(string[] environment, string file, int warmUpRounds)
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
        return [.. output.Trim().Split('\n')[^1].Split(' ').Select(phase => phase.Split(',')).Select(p => (
            double.Parse(p[0], CultureInfo.InvariantCulture), double.Parse(p[1], CultureInfo.InvariantCulture),
            double.Parse(p[2], CultureInfo.InvariantCulture), long.Parse(p[3], CultureInfo.InvariantCulture), double.Parse(p[4], CultureInfo.InvariantCulture)))];
    }
}
