using System.Diagnostics;
using System.Globalization;
using MlWorkflow.Engine;
using MlWorkflow.Engine.Csv;
using MlWorkflow.Engine.Profiling;

namespace MlWorkflow.Benchmarks.Profile;

/// <summary>
/// Our streaming profile of a generated 20-column CSV vs pandas (Debian python3-pandas: <c>read_csv</c> +
/// <c>describe(include='all')</c> + null counts + <c>nunique</c>) on the same file, side by side, run by run.
/// Each side runs in a fresh process of its own and reports its wall time (file to finished statistics, start-up
/// excluded) and its peak resident memory. Our child then profiles the file a second time in the same process:
/// the first profile pays for the JIT compiling the engine, the second is what a long-running worker sees.
/// </summary>
public static class ProfileBenchmark
{
    private const string PandasScript = """
        import resource, sys, time
        import pandas as pd
        started = time.perf_counter()
        df = pd.read_csv(sys.argv[1])
        df.describe(include='all')
        df.isna().sum()
        df.nunique()
        seconds = time.perf_counter() - started
        print(f"{seconds} {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024}")
        """;

    /// <summary>Debian's interpreter, which python3-pandas installs into (a python3 earlier on PATH may lack pandas).</summary>
    private static string Python => File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";

    public static async Task<int> RunAsync(BenchmarkOptions options)
    {
        var file = await WideCsvGenerator.WriteAsync(options.Rows);
        var size = new FileInfo(file).Length;
        Console.WriteLine($"file: {file} ({options.Rows:N0} rows × 20 columns, {size / 1e6:F0} MB)");
        var rows = new List<string>();
        for (var run = 1; run <= options.Runs; run++)
        {
            var load = LoadAverage();
            var ours = await RunProcessAsync(Environment.ProcessPath!, Self("profile-run", file));
            var pandas = await RunProcessAsync(Python, ["-c", PandasScript, file]);
            rows.Add($"| {run} | {ours.Seconds:F2} | {pandas.Seconds:F2} | {pandas.Seconds / ours.Seconds:F1}× | " +
                     $"{ours.PeakBytes / 1048576.0:F0} | {pandas.PeakBytes / 1048576.0:F0} | {ours.WarmSeconds:F2} | {load} |");
            Console.WriteLine(rows[^1]);
        }
        Console.WriteLine();
        Console.WriteLine($"Profile of {options.Rows:N0} rows × 20 columns ({size / 1e6:F0} MB):");
        Console.WriteLine("| run | ours s | pandas s | speed-up | ours peak MiB | pandas peak MiB | ours again, same process s | load average |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|");
        rows.ForEach(Console.WriteLine);
        return 0;
    }

    /// <summary>The child side: <c>profile-run FILE</c> prints "seconds peakBytes warmSeconds" (peak taken after the first profile).</summary>
    public static async Task<int> ProfileFileAsync(string file)
    {
        var seconds = await ProfileOnceAsync(file);
        var peak = PeakResidentBytes();
        var warm = await ProfileOnceAsync(file);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{seconds} {peak} {warm}"));
        return 0;
    }

    public static async Task<double> ProfileOnceAsync(string file)
    {
        var started = Stopwatch.GetTimestamp();
        await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        var profile = await new DatasetProfiler().ProfileAsync(stream, new CsvDialect(',', "utf-8"), stream.Length, SilentProgress.Instance, CancellationToken.None);
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        if (profile.ColumnCount != 20)
        {
            throw new InvalidOperationException($"Profiled {profile.ColumnCount} columns, not 20.");
        }
        return seconds;
    }

    /// <summary>The 1-minute load average when the run starts (the machine is shared: compare ratios within a run).</summary>
    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";

    private static long PeakResidentBytes()
    {
        const string field = "VmHWM:";
        var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith(field, StringComparison.Ordinal));
        return long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
    }

    public static string[] Self(params string[] args) =>
        Environment.ProcessPath!.EndsWith("dotnet", StringComparison.Ordinal)
            ? [typeof(ProfileBenchmark).Assembly.Location, .. args]
            : args;

    private static async Task<(double Seconds, long PeakBytes, double WarmSeconds)> RunProcessAsync(string program, string[] args)
    {
        var start = new ProcessStartInfo(program, args) { RedirectStandardOutput = true };
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} exited with {process.ExitCode}: {output}");
        }
        var parts = output.Trim().Split('\n')[^1].Split(' ');
        var warm = parts.Length > 2 ? double.Parse(parts[2], CultureInfo.InvariantCulture) : double.NaN;
        return (double.Parse(parts[0], CultureInfo.InvariantCulture), long.Parse(parts[1], CultureInfo.InvariantCulture), warm);
    }
}
