using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using MlWorkflow.Engine.Drift;
using MlWorkflow.Engine.Training;

namespace MlWorkflow.Benchmarks.Drift;

/// <summary>
/// A drift check of a window of logged rows × 20 columns (<see cref="DriftData"/>) against a reference built from 50,000
/// training rows as the training read builds it: ours from the rows' string cells (parsing included) to the report,
/// timed over several runs after a warm-up. The peer (drift_scipy.py, numpy + scipy on the exact reference data, the
/// statistics Evidently computes) is timed from arrays already in memory, and its values are compared with ours: PSI and
/// Jensen–Shannon equal, our sketched Wasserstein within the sketch's bound of the exact one.
/// </summary>
public static class DriftBenchmark
{
    private const int ReferenceRows = 50_000;

    private static string Script => Path.Combine(AppContext.BaseDirectory, "Drift", "drift_scipy.py");

    private static string Python => File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";

    public static async Task<int> RunAsync(string[] args)
    {
        var (rows, runs) = (10_000, 5);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            (rows, runs) = args[i] switch
            {
                "--rows" => (int.Parse(args[i + 1], CultureInfo.InvariantCulture), runs),
                "--runs" => (rows, int.Parse(args[i + 1], CultureInfo.InvariantCulture)),
                _ => throw new ArgumentException($"Unknown option {args[i]}."),
            };
        }
        var training = DriftData.Rows(ReferenceRows, drifted: false, seed: 1);
        var window = DriftData.Rows(rows, drifted: true, seed: 2);
        var started = Stopwatch.GetTimestamp();
        var reference = BuildReference(training);
        var referenceSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var logged = window.Select(row => new LoggedRow(
            DriftData.Columns.Select((c, i) => (c.Name, row[i])).ToDictionary(p => p.Name, p => (string?)p.Item2, StringComparer.Ordinal),
            new ModelPrediction(row[^1], null, null))).ToList();
        Console.WriteLine($"reference: {ReferenceRows:N0} rows × {DriftData.Columns.Length} columns built in {referenceSeconds:F3} s; window: {rows:N0} rows; load average {LoadAverage()}");

        var report = DriftCalculator.Compute(reference, logged);
        var seconds = new List<double>();
        for (var run = 0; run < runs; run++)
        {
            started = Stopwatch.GetTimestamp();
            report = DriftCalculator.Compute(reference, logged);
            seconds.Add(Stopwatch.GetElapsedTime(started).TotalSeconds);
        }
        Console.WriteLine($"drifted: {string.Join(", ", report.Features.Where(f => f.Drifted).Select(f => f.Name))}; prediction drifted: {report.Prediction!.Drifted}; " +
                          $"alerts: {string.Join(", ", report.Alerts().Select(a => $"{a.Feature ?? "-"}/{a.Metric}"))}");

        var peer = await RunPeerAsync(training, window, runs);
        var mismatches = 0;
        Console.WriteLine();
        Console.WriteLine("| column | kind | ours distance | scipy distance (exact data) | ours PSI | numpy PSI | drifted |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        foreach (var feature in report.Features.Append(report.Prediction))
        {
            var theirs = peer?.Columns[feature.Name];
            // The sketch's own bound plus one rank of the reference (see DriftStatistics.Wasserstein), in std units.
            var tolerance = feature.Metric == DriftMetrics.Wasserstein && Feature(reference, feature.Name).Number is { } n
                ? (DriftStatistics.SketchError(NumberReference.QuantileLevels, n.Quantiles) + ((n.Max - n.Min) / n.Count)) / Math.Max(n.Std, 0.001)
                : 1e-9;
            if (theirs is not null && (Math.Abs(theirs.Distance - feature.Distance!.Value) > tolerance || Math.Abs(theirs.Psi - feature.Psi!.Value) > 1e-9))
            {
                mismatches++;
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {feature.Name} | {feature.Kind} | {feature.Distance:F4} | {theirs?.Distance.ToString("F4", CultureInfo.InvariantCulture) ?? "-"} | {feature.Psi:F4} | {theirs?.Psi.ToString("F4", CultureInfo.InvariantCulture) ?? "-"} | {(feature.Drifted ? "yes" : "")} |"));
        }
        Console.WriteLine();
        Console.WriteLine($"Drift check of {rows:N0} logged rows × {DriftData.Columns.Length} columns + predictions ({runs} runs after a warm-up, load average {LoadAverage()}):");
        Console.WriteLine("| run | ours s (from string cells) | ours rows/s | numpy + scipy s (from arrays, exact reference) |");
        Console.WriteLine("|---|---|---|---|");
        for (var run = 0; run < runs; run++)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {run + 1} | {seconds[run]:F3} | {rows / seconds[run]:N0} | {(peer is null ? "-" : peer.Seconds[run].ToString("F3", CultureInfo.InvariantCulture))} |"));
        }
        var against = peer is null
            ? "peer not run (no python3 with numpy and scipy)"
            : string.Create(CultureInfo.InvariantCulture, $"numpy + scipy {Median(peer.Seconds):F3} s; value mismatches {mismatches}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"median: ours {Median(seconds):F3} s = {rows / Median(seconds):N0} rows/s; {against}"));
        return mismatches == 0 ? 0 : 1;
    }

    /// <summary>As the training read builds it: every cell of every column through the builder, the predictions' labels counted.</summary>
    private static ReferenceSummary BuildReference(List<string[]> rows)
    {
        var builder = new InputReferenceBuilder(DriftData.Columns, [""]);
        var predictions = new CategoryTally();
        foreach (var row in rows)
        {
            for (var i = 0; i < DriftData.Columns.Length; i++)
            {
                builder.Add(i, row[i]);
            }
            builder.EndRow();
            predictions.Add(row[^1]);
        }
        return builder.Build() with { Prediction = predictions.Build(ReferenceSummary.PredictionName) };
    }

    private static FeatureReference Feature(ReferenceSummary reference, string name) =>
        name == ReferenceSummary.PredictionName ? reference.Prediction! : reference.Features.Single(f => f.Name == name);

    private static async Task<PeerResult?> RunPeerAsync(List<string[]> training, List<string[]> window, int runs)
    {
        var directory = Directory.CreateTempSubdirectory("mlworkflow-drift-").FullName;
        try
        {
            var referencePath = Path.Combine(directory, "reference.csv");
            var loggedPath = Path.Combine(directory, "logged.csv");
            DriftData.Write(referencePath, training);
            DriftData.Write(loggedPath, window);
            var kinds = JsonSerializer.Serialize(DriftData.Columns.ToDictionary(c => c.Name, c => c.Kind));
            using var process = Process.Start(new ProcessStartInfo(Python, [Script, referencePath, loggedPath, runs.ToString(CultureInfo.InvariantCulture), kinds])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            })!;
            var output = await process.StandardOutput.ReadToEndAsync();
            var error = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            if (process.ExitCode != 0)
            {
                Console.WriteLine($"peer failed ({process.ExitCode}): {error.Trim().Split('\n')[^1]}");
                return null;
            }
            return JsonSerializer.Deserialize<PeerResult>(output, JsonSerializerOptions.Web);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";

    private sealed record PeerResult(List<double> Seconds, Dictionary<string, PeerColumn> Columns);

    private sealed record PeerColumn(double Distance, double Psi);
}
