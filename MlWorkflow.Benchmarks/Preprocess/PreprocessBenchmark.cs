using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using MlWorkflow.Benchmarks.Profile;
using MlWorkflow.Engine;
using MlWorkflow.Engine.Csv;
using MlWorkflow.Engine.Preprocessing;
using MlWorkflow.Engine.Profiling;

namespace MlWorkflow.Benchmarks.Preprocess;

/// <summary>
/// Our preprocessing (fit + transform + write CSV) vs pandas + scikit-learn (<c>read_csv</c>, the same steps in a
/// ColumnTransformer, <c>fit_transform</c>, <c>to_csv</c>; preprocess_sklearn.py) on the profile benchmark's 20-column
/// file, each in a fresh process, wall time from file to written output and peak resident memory side by side; then the
/// two outputs compared cell by cell (numbers equal within 1e-9 relative).
/// </summary>
public static class PreprocessBenchmark
{
    /// <summary>Impute (median, most_frequent), standard_scale, one_hot on the low-cardinality columns, date_parts, drop_columns.</summary>
    public const string Steps = """
        [{"id":"drop","op":"drop_columns","columns":["id","customer","session","comment","last_seen"]},
         {"id":"median","op":"impute","columns":["amount","price","ratio","count","age","rating"],"params":{"strategy":"median"}},
         {"id":"frequent","op":"impute","columns":["country","verified"],"params":{"strategy":"most_frequent"}},
         {"id":"scale","op":"standard_scale","columns":["amount","price","score","ratio","count","age","visits","latitude"]},
         {"id":"one_hot","op":"one_hot","columns":["colour","plan","country","verified"]},
         {"id":"dates","op":"date_parts","columns":["signed_up"],"params":{"parts":["year","month","day","day_of_week"]}}]
        """;

    private static string Script => Path.Combine(AppContext.BaseDirectory, "Preprocess", "preprocess_sklearn.py");

    private static string Python => File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";

    public static async Task<int> RunAsync(BenchmarkOptions options)
    {
        var file = await WideCsvGenerator.WriteAsync(options.Rows);
        var size = new FileInfo(file).Length;
        var ours = Path.Combine(Path.GetTempPath(), "mlworkflow-preprocess-ours.csv");
        var theirs = Path.Combine(Path.GetTempPath(), "mlworkflow-preprocess-sklearn.csv");
        Console.WriteLine($"file: {file} ({options.Rows:N0} rows × 20 columns, {size / 1e6:F0} MB)");
        var rows = new List<string>();
        for (var run = 1; run <= options.Runs; run++)
        {
            var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";
            var (oursSeconds, oursPeak) = Parse(await RunProcessAsync(Environment.ProcessPath!, Self("preprocess-run", file, ours)));
            var (sklearnSeconds, sklearnPeak) = Parse(await RunProcessAsync(Python, [Script, "run", file, theirs]));
            rows.Add($"| {run} | {oursSeconds:F2} | {sklearnSeconds:F2} | {sklearnSeconds / oursSeconds:F1}× | " +
                     $"{oursPeak / 1048576.0:F0} | {sklearnPeak / 1048576.0:F0} | {load} |");
            Console.WriteLine(rows[^1]);
        }
        var comparison = (await RunProcessAsync(Python, [Script, "compare", ours, theirs])).Trim();
        Console.WriteLine();
        Console.WriteLine($"Preprocess of {options.Rows:N0} rows × 20 columns ({size / 1e6:F0} MB):");
        Console.WriteLine("| run | ours s | pandas + sklearn s | speed-up | ours peak MiB | pandas + sklearn peak MiB | load average |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        rows.ForEach(Console.WriteLine);
        Console.WriteLine($"cell comparison (cells, mismatches): {comparison.Split('\n')[^1]}");
        return comparison.Split('\n')[^1].EndsWith(" 0", StringComparison.Ordinal) ? 0 : 1;
    }

    /// <summary>The child side: <c>preprocess-run FILE OUTPUT</c> prints "seconds peakBytes".</summary>
    public static async Task<int> PreprocessFileAsync(string file, string output)
    {
        // Types come from a profile of the first 20,000 rows (the rows are alike), so the timed part is preprocessing alone.
        var head = string.Join('\n', File.ReadLines(file).Take(20_001)) + "\n";
        var profile = await new DatasetProfiler().ProfileAsync(new MemoryStream(Encoding.UTF8.GetBytes(head)), new CsvDialect(',', CsvDialect.Utf8), 0,
            SilentProgress.Instance, CancellationToken.None);
        var steps = JsonSerializer.Deserialize<List<PipelineDraftStep?>>(Steps, JsonSerializerOptions.Web)!;
        var validator = new PipelineValidator([.. profile.Columns.Select(c => c.Name)], profile);
        var pipeline = validator.Validate(new PipelineDraft("active", steps))
            ?? throw new InvalidOperationException(JsonSerializer.Serialize(validator.Errors));
        var started = Stopwatch.GetTimestamp();
        await using (var target = new FileStream(output, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
        {
            await new Preprocessor(pipeline, profile, new PreprocessOptions(Path.GetTempPath())).RunAsync(
                _ => Task.FromResult<Stream>(new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan)),
                new CsvDialect(',', CsvDialect.Utf8), new FileInfo(file).Length, target, SilentProgress.Instance, CancellationToken.None);
        }
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var peak = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal))["VmHWM:".Length..].Trim().Split(' ')[0];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{seconds} {long.Parse(peak, CultureInfo.InvariantCulture) * 1024}"));
        return 0;
    }

    private static (double Seconds, long Peak) Parse(string output)
    {
        var parts = output.Trim().Split('\n')[^1].Split(' ');
        return (double.Parse(parts[0], CultureInfo.InvariantCulture), long.Parse(parts[1], CultureInfo.InvariantCulture));
    }

    private static string[] Self(params string[] args) =>
        Environment.ProcessPath!.EndsWith("dotnet", StringComparison.Ordinal) ? [typeof(PreprocessBenchmark).Assembly.Location, .. args] : args;

    private static async Task<string> RunProcessAsync(string program, string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(program, args) { RedirectStandardOutput = true })!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return process.ExitCode == 0 || args.Contains("compare") ? output : throw new InvalidOperationException($"{program} exited with {process.ExitCode}: {output}");
    }
}
