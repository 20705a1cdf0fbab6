using System.Diagnostics;
using MlWorkflow.Engine;
using MlWorkflow.Engine.Csv;
using MlWorkflow.Engine.Profiling;
using MlWorkflow.Engine.Training;

namespace MlWorkflow.Benchmarks.Train;

/// <summary>Our side of the train benchmark, as the train job runs it: profile the train CSV, load it by the profile's types, search, package.</summary>
public static class OurTraining
{
    public sealed record Outcome(
        ModelPackage Package,
        SearchResult Search,
        TrainingTable Table,
        double LoadSeconds,
        double SearchSeconds,
        IReadOnlyList<string> Warnings);

    public static async Task<Outcome> TrainAsync(string trainPath, string target, string task, double budget, int seed)
    {
        var started = Stopwatch.GetTimestamp();
        var bytes = await File.ReadAllBytesAsync(trainPath);
        var inspector = new CsvInspector(new CsvLimits());
        inspector.Append(bytes);
        var dialect = inspector.Complete().Dialect;
        var profile = await new DatasetProfiler().ProfileAsync(new MemoryStream(bytes), dialect, bytes.Length, SilentProgress.Instance, CancellationToken.None);
        var table = await TrainingTable.LoadAsync(new MemoryStream(bytes), dialect, [.. profile.Columns.Select(c => new TableColumn(c.Name, c.Type))],
            target, task, profile.MissingTokens, null, CancellationToken.None);
        var loadSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;

        var request = new TrainingRequest(target, task, TrainingMetrics.Default(task), TrainerSpec.For(task), budget, MaxTrials: null, seed);
        var log = new WarningLog();
        started = Stopwatch.GetTimestamp();
        var search = await new ModelSearch(table, request).RunAsync(log, null, CancellationToken.None, CancellationToken.None);
        var searchSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var inputs = table.Encoder.Features
            .Select(f => new InputColumn(f.Name, profile.Columns.Single(c => c.Name == f.Name).Type, f.Categories)).ToList();
        var package = ModelPackage.Create(search, table, request, [], inputs, DateTimeOffset.UtcNow);
        return new Outcome(package, search, table, loadSeconds, searchSeconds, log.Warnings);
    }

    /// <summary>The chosen model in a few words: one trainer, or the ensemble's trainers (how many of each) and their total weights.</summary>
    public static string Describe(SearchResult search) => search.Members.Count == 1
        ? search.Members[0].Algorithm
        : $"ensemble of {search.Members.Count}: " + string.Join(" + ", search.Members.GroupBy(m => m.Algorithm)
            .Select(g => (Name: g.Count() == 1 ? g.Key : $"{g.Count()}× {g.Key}", Weight: g.Sum(m => m.Weight)))
            .OrderByDescending(g => g.Weight).Select(g => $"{g.Name} {g.Weight:0.##}"));

    /// <summary>
    /// Rows per second of <see cref="ModelPackage.Predict"/> one row at a time, of <see cref="ModelPackage.PredictBatch"/>, and
    /// of <see cref="ModelPackage.PredictFeatures"/> on rows encoded beforehand (the batch without the cells' encoding), on a
    /// package saved and loaded again.
    /// </summary>
    public static (double SingleRowsPerSecond, double BatchRowsPerSecond, double FeaturesRowsPerSecond) MeasurePredictions(ModelPackage trained, IReadOnlyList<IReadOnlyDictionary<string, string?>> rows)
    {
        using var buffer = new MemoryStream();
        trained.Save(buffer);
        buffer.Position = 0;
        var package = ModelPackage.Load(buffer);
        const int Warm = 1_000, Count = 10_000;
        for (var i = 0; i < Warm; i++)
        {
            package.Predict(rows[i % rows.Count]);
        }
        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < Count; i++)
        {
            package.Predict(rows[i % rows.Count]);
        }
        var single = Count / Stopwatch.GetElapsedTime(started).TotalSeconds;
        var batch = Enumerable.Range(0, Count).Select(i => rows[i % rows.Count]).ToList();
        package.PredictBatch(batch);
        started = Stopwatch.GetTimestamp();
        package.PredictBatch(batch);
        var batchRate = Count / Stopwatch.GetElapsedTime(started).TotalSeconds;
        var features = batch.SelectMany(package.Encode).ToArray();
        package.PredictFeatures(features, Count);
        started = Stopwatch.GetTimestamp();
        package.PredictFeatures(features, Count);
        return (single, batchRate, Count / Stopwatch.GetElapsedTime(started).TotalSeconds);
    }

    /// <summary>Keeps the search's warnings (failed trials) for the report and drops the rest.</summary>
    private sealed class WarningLog : IEngineProgress
    {
        public List<string> Warnings { get; } = [];

        public void Report(double percent, string step)
        {
        }

        public void Log(EngineLogLevel level, string step, string message)
        {
            if (level >= EngineLogLevel.Warning)
            {
                Warnings.Add($"{step}: {message}");
            }
        }
    }
}
