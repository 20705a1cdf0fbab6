using System.Diagnostics;
using System.Globalization;
using System.Runtime;
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
        IReadOnlyList<string> Warnings,
        TrainingPlan Plan,
        double StartWorkingSetMb,
        double PeakWorkingSetMb,
        IReadOnlyDictionary<int, double> TrialCpuSeconds,
        IReadOnlyDictionary<string, double> StepStarts);

    /// <summary>
    /// Profile, load, search and package the train file. The peak working set is this dataset's own: the heap is
    /// compacted and the kernel's high-water mark reset first (<see cref="ResetPeakWorkingSet"/>).
    /// </summary>
    public static async Task<Outcome> TrainAsync(string trainPath, string target, string task, double budget, int seed)
    {
        var startWorkingSet = ResetPeakWorkingSet();
        var started = Stopwatch.GetTimestamp();
        var (profile, table) = await LoadAsync(trainPath, target, task);
        var loadSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;

        var request = new TrainingRequest(target, task, TrainingMetrics.Default(task), TrainerSpec.For(task), budget, MaxTrials: null, seed);
        var plan = TrainingPlanner.Plan(profile, target, task, request.Algorithms, budget);
        var log = new WarningLog();
        // The process's CPU time between two trials' callbacks: a trial's cost without the other engineers' load on the
        // machine (every trainer here runs on one thread; the callback follows each trial at once).
        var cpu = new Dictionary<int, double>();
        var lastCpu = Environment.CpuUsage.TotalTime;
        Task OnTrial(TrialResult trial, IReadOnlyList<LeaderboardEntry> board)
        {
            var now = Environment.CpuUsage.TotalTime;
            cpu[trial.Trial] = (now - lastCpu).TotalSeconds;
            lastCpu = now;
            return Task.CompletedTask;
        }
        started = Stopwatch.GetTimestamp();
        var search = await new ModelSearch(table, request).RunAsync(log, OnTrial, CancellationToken.None, CancellationToken.None);
        var searchSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var inputs = table.Encoder.Features
            .Select(f => new InputColumn(f.Name, profile.Columns.Single(c => c.Name == f.Name).Type, f.Categories)).ToList();
        var package = ModelPackage.Create(search, table, request, [], inputs, DateTimeOffset.UtcNow);
        return new Outcome(package, search, table, loadSeconds, searchSeconds, log.Warnings, plan, startWorkingSet, StatusMb("VmHWM"), cpu, log.StepStarts);
    }

    /// <summary>
    /// Compiles every trainer of every task once (one trial each on a sample) so that the measured trials are those of a
    /// warm process, as a worker's after its first training; the plan charges the cold start once per search apart.
    /// </summary>
    public static async Task WarmUpAsync(IEnumerable<(string Path, string Target, string Task)> samples)
    {
        foreach (var (path, target, task) in samples)
        {
            var (_, table) = await LoadAsync(path, target, task);
            var algorithms = TrainerSpec.For(task);
            var request = new TrainingRequest(target, task, TrainingMetrics.Default(task), algorithms, 600, algorithms.Count, 0);
            await new ModelSearch(table, request).RunAsync(SilentProgress.Instance, null, CancellationToken.None, CancellationToken.None);
        }
    }

    /// <summary>What the train job does before the search: sniff the dialect, profile, load the table by the profile's types.</summary>
    public static async Task<(DatasetProfile Profile, TrainingTable Table)> LoadAsync(string path, string target, string task)
    {
        var bytes = await File.ReadAllBytesAsync(path);
        var inspector = new CsvInspector(new CsvLimits());
        inspector.Append(bytes);
        var dialect = inspector.Complete().Dialect;
        var profile = await new DatasetProfiler().ProfileAsync(new MemoryStream(bytes), dialect, bytes.Length, SilentProgress.Instance, CancellationToken.None);
        var table = await TrainingTable.LoadAsync(new MemoryStream(bytes), dialect, [.. profile.Columns.Select(c => new TableColumn(c.Name, c.Type))],
            target, task, profile.MissingTokens, null, CancellationToken.None);
        return (profile, table);
    }

    /// <summary>
    /// Compacts the heap, returns what is left to the system, and resets the kernel's peak resident set (VmHWM) to the
    /// current one (Linux: "5" to /proc/self/clear_refs). Returns the resident set in MiB after that.
    /// </summary>
    public static double ResetPeakWorkingSet()
    {
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        if (File.Exists("/proc/self/clear_refs"))
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
        }
        return StatusMb("VmRSS");
    }

    /// <summary>A memory line of /proc/self/status (VmRSS, VmHWM) in MiB, or the process's working set figures elsewhere.</summary>
    private static double StatusMb(string field)
    {
        if (File.Exists("/proc/self/status"))
        {
            var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith(field + ":", StringComparison.Ordinal));
            return double.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024;
        }
        using var process = Process.GetCurrentProcess();
        return (field == "VmHWM" ? process.PeakWorkingSet64 : process.WorkingSet64) / 1_048_576.0;
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

    /// <summary>Keeps the search's warnings (failed trials), its finish's lines and when each of its steps began, and drops the rest.</summary>
    private sealed class WarningLog : IEngineProgress
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();

        public List<string> Warnings { get; } = [];

        /// <summary>Seconds from the search's start to each step's first report (search, refit, importance, done).</summary>
        public Dictionary<string, double> StepStarts { get; } = new(StringComparer.Ordinal);

        public void Report(double percent, string step) => StepStarts.TryAdd(step, _clock.Elapsed.TotalSeconds);

        public void Log(EngineLogLevel level, string step, string message)
        {
            if (level >= EngineLogLevel.Warning || step is "importance" or "ensemble" or "refit")
            {
                Warnings.Add($"{step} at {_clock.Elapsed.TotalSeconds:0.0} s: {message}");
            }
        }
    }
}
