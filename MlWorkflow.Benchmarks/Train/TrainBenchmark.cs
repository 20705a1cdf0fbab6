using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using MlWorkflow.Engine;
using MlWorkflow.Engine.Csv;
using MlWorkflow.Engine.Profiling;
using MlWorkflow.Engine.Targets;
using MlWorkflow.Engine.Training;

namespace MlWorkflow.Benchmarks.Train;

/// <summary>
/// Our model search vs scikit-learn on real datasets: one seeded stratified 80/20 split per dataset, written to files
/// both sides read; ours searches the train split within the budget and its package predicts the test rows from their raw
/// cells; the peer (train_sklearn.py) picks the better of a linear model and HistGradientBoosting by 5-fold CV and refits.
/// Both sides' test predictions are scored by our <see cref="Metrics"/> (and the peer's also by scikit-learn's, which
/// must agree). Then the prediction speed of a loaded package, one row at a time and in a batch, against the peer's.
/// </summary>
public static class TrainBenchmark
{
    /// <summary>A dataset: a committed CSV under the program's folder, or <see cref="GeneratedRows"/> rows of <see cref="SyntheticData"/>.</summary>
    public sealed record Dataset(string Name, string File, string Target, string Task, int GeneratedRows = 0)
    {
        /// <summary>The generated datasets do not depend on <c>--seed</c> (that one seeds the split and the searches).</summary>
        public const int GeneratorSeed = 7;

        public string Source(string directory)
        {
            if (GeneratedRows == 0)
            {
                return Path.Combine(AppContext.BaseDirectory, File);
            }
            var path = Path.Combine(directory, $"{Name}.csv");
            SyntheticData.Write(path, Task, GeneratedRows, GeneratorSeed);
            return path;
        }
    }

    /// <summary>
    /// The committed samples (samples/PROVENANCE.md), three UCI datasets from Debian's scikit-learn
    /// (Train/datasets/PROVENANCE.md) and three generated ones, the two largest validated on a holdout;
    /// <c>--datasets</c> picks some by name.
    /// </summary>
    public static readonly IReadOnlyList<Dataset> Datasets =
    [
        new("titanic", "samples/titanic.csv", "survived", TargetTasks.Binary),
        new("iris", "samples/iris.csv", "target", TargetTasks.Multiclass),
        new("penguins", "samples/penguins.csv", "species", TargetTasks.Multiclass),
        new("cars", "samples/cars.csv", "Miles_per_Gallon", TargetTasks.Regression),
        new("diabetes", "samples/diabetes.csv", "target", TargetTasks.Regression),
        new("breast_cancer", "datasets/breast_cancer.csv", "diagnosis", TargetTasks.Binary),
        new("wine", "datasets/wine.csv", "cultivar", TargetTasks.Multiclass),
        new("digits", "datasets/digits.csv", "digit", TargetTasks.Multiclass),
        new("synthetic-binary", "", "y", TargetTasks.Binary, 40_000),
        new("synthetic-multiclass", "", "y", TargetTasks.Multiclass, 15_000),
        new("synthetic-regression", "", "y", TargetTasks.Regression, 30_000),
    ];

    /// <summary>The datasets whose models are also timed predicting: one binary, one multiclass.</summary>
    private static readonly string[] s_speedDatasets = ["titanic", "penguins"];

    private static string Script => Path.Combine(AppContext.BaseDirectory, "Train", "train_sklearn.py");

    private static string Python => File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";

    public static async Task<int> RunAsync(TrainOptions options)
    {
        var directory = Directory.CreateTempSubdirectory("mlworkflow-train-").FullName;
        var trialsPath = options.TrialsPath ?? Path.Combine(directory, "trials.csv");
        Console.WriteLine($"budget {options.Budget:0.#} s, seed {options.Seed}, splits in {directory}, trials to {trialsPath}, load average {LoadAverage()}");
        var warmUp = Stopwatch.StartNew();
        await OurTraining.WarmUpAsync(Datasets.Where(d => d.File.StartsWith("samples/", StringComparison.Ordinal)).DistinctBy(d => d.Task)
            .Select(d => (d.Source(directory), d.Target, d.Task)));
        Console.WriteLine($"warm-up (one trial of every trainer of every task) {warmUp.Elapsed.TotalSeconds:0.0} s");
        var rows = new List<string>();
        var speeds = new List<string>();
        var plans = new List<string>();
        var memories = new List<string>();
        var timeRatios = new List<(double Cpu, double Wall)>();
        var memoryRatios = new List<double>();
        var mismatches = 0;
        await using var trialsCsv = new StreamWriter(trialsPath, false, new System.Text.UTF8Encoding(false));
        await trialsCsv.WriteAsync(TrialCsv.Header + "\n");
        foreach (var dataset in Datasets.Where(d => options.Datasets is null || options.Datasets.Contains(d.Name)))
        {
            var (split, missing) = await SplitAsync(dataset, options.Seed, directory);
            var metric = TrainingMetrics.Default(dataset.Task);
            var load = LoadAverage();

            var ours = await OurTraining.TrainAsync(split.TrainPath, dataset.Target, dataset.Task, options.Budget, options.Seed);
            var labels = ours.Package.Manifest.Labels ?? [];
            var (header, testRows) = TrainSplit.Read(split.TestPath);
            var cells = testRows.Select(row => (IReadOnlyDictionary<string, string?>)header.Select((name, i) => (name, value: row[i]))
                .Where(c => c.name != dataset.Target).ToDictionary(c => c.name, c => (string?)c.value, StringComparer.Ordinal)).ToList();
            var truth = TestLabels(header, testRows, dataset, labels);
            var predictions = ours.Package.PredictBatch(cells);
            var ourPredictions = Flatten(predictions, labels);
            var ourScore = Metrics.Score(metric, truth, ourPredictions, labels.Count);

            var features = ours.Table.Encoder.Features;
            var peer = await RunPeerAsync(dataset, split, features, missing, options.Seed, directory, s_speedDatasets.Contains(dataset.Name));
            var peerPredictions = ReadPeerPredictions(peer.PredictionsPath, labels);
            var peerScore = Metrics.Score(metric, truth, peerPredictions, labels.Count);
            var interval = PairedBootstrap.Interval(metric, dataset.Task, truth, ourPredictions, peerPredictions, labels.Count, options.Seed);
            if (Math.Abs(peerScore - peer.Score) > 1e-6 * Math.Max(1, Math.Abs(peer.Score)))
            {
                mismatches++;
                Console.WriteLine($"  !! {dataset.Name}: our Metrics score the peer's predictions {peerScore:R}, scikit-learn {peer.Score:R}");
            }

            rows.Add($"| {dataset.Name} | {split.TrainRows} / {split.TestRows} | {dataset.Task} | {metric} | {ourScore:0.0000} | {ours.SearchSeconds:0.0} | " +
                     $"{OurTraining.Describe(ours.Search)} | {peerScore:0.0000} | {peer.FitSeconds:0.0} | {peer.Model} | {Compare(metric, ourScore, peerScore)} | {Interval(metric, interval)} | {load} |");
            Console.WriteLine(rows[^1]);
            var chosen = ours.Search.Trials.Single(t => t.Trial == ours.Search.Selection.SingleModelTrial);
            Console.WriteLine($"  ours: {ours.Search.Trials.Count} trials ({string.Join(", ", ours.Search.Trials.GroupBy(t => t.Algorithm).Select(g => $"{g.Key} {g.Count()}"))}), " +
                              $"stopped by {ours.Search.StoppedBy}, validation {ours.Search.Validation.Method} {metric} {ours.Search.Score:0.0000}, " +
                              $"best trial {ours.Search.Selection.BestTrial} {ours.Search.Selection.BestScore:0.0000}, single model trial {chosen.Trial} " +
                              $"({chosen.Algorithm} {chosen.Score:0.0000}, standard error of the difference {ours.Search.Selection.StandardError:0.0000})" +
                              $"{(ours.Search.Selection.Ensemble ? ", replaced by the ensemble" : "")}, " +
                              $"best per trainer: {string.Join(", ", BestPerTrainer(ours.Search, metric))}; profile + load {ours.LoadSeconds:0.00} s; " +
                              $"features {ours.Table.Width} (skipped: {string.Join(", ", ours.Table.Skipped.DefaultIfEmpty("none"))}); " +
                              $"finish: refit from {Started(ours, "refit")}, importance from {Started(ours, "importance")}, done at {Started(ours, "done")}");
            Console.WriteLine($"  sklearn: 5-fold CV {string.Join(", ", peer.Cv.Select(c => $"{c.Key} {c.Value:0.0000}"))}; refit {peer.RefitSeconds:0.00} s");
            ours.Warnings.ToList().ForEach(w => Console.WriteLine($"  log: {w}"));
            await trialsCsv.WriteAsync(TrialCsv.Rows(dataset.Name, ours.Table, ours.Search, ours.TrialCpuSeconds, options.Seed));
            await trialsCsv.FlushAsync();
            foreach (var planned in ours.Plan.Algorithms)
            {
                var trials = ours.Search.Trials.Where(t => t.Algorithm == planned.Algorithm).ToList();
                if (trials.Count > 0)
                {
                    var measured = trials.Average(t => t.TrainSeconds);
                    var cpu = trials.Average(t => ours.TrialCpuSeconds[t.Trial]);
                    timeRatios.Add((planned.ExpectedTrialSeconds / cpu, planned.ExpectedTrialSeconds / measured));
                    plans.Add($"| {dataset.Name} | {planned.Algorithm} | {planned.ExpectedTrialSeconds:0.###} | {cpu:0.###} | {measured:0.###} | {trials.Count} | " +
                              $"{timeRatios[^1].Cpu:0.00} | {timeRatios[^1].Wall:0.00} |");
                }
            }
            memoryRatios.Add(ours.Plan.ExpectedPeakMemoryMb / ours.PeakWorkingSetMb);
            memories.Add($"| {dataset.Name} | {ours.Table.Rows} × {ours.Table.Width} | {ours.Plan.ExpectedPeakMemoryMb:0} | {ours.PeakWorkingSetMb:0} | {ours.StartWorkingSetMb:0} | " +
                         $"{memoryRatios[^1]:0.00} | {string.Join(", ", ours.Search.Trials.GroupBy(t => t.Algorithm).Select(g => $"{g.Key} {g.Count()}"))} |");

            if (s_speedDatasets.Contains(dataset.Name))
            {
                var (single, batch, encoded) = OurTraining.MeasurePredictions(ours.Package, cells);
                speeds.Add($"| {dataset.Name} ({dataset.Task}) | {OurTraining.Describe(ours.Search)} | {single:N0} | {batch:N0} | {encoded:N0} | " +
                           $"{peer.Model} | {peer.SingleRowsPerSecond:N0} | {peer.BatchRowsPerSecond:N0} | {LoadAverage()} |");
                Console.WriteLine(speeds[^1]);
            }
        }
        Console.WriteLine();
        Console.WriteLine($"Test scores on a seeded stratified 80/20 split (seed {options.Seed}); ours: our model search with a {options.Budget:0.#} s budget; " +
                          "sklearn: the better of LogisticRegression/Ridge and HistGradientBoosting by 5-fold CV, refit; the 95 % interval of the comparison " +
                          $"from {PairedBootstrap.Resamples:N0} paired bootstrap resamples of the test rows:");
        Console.WriteLine("| dataset | train / test rows | task | metric | ours | ours fit s | ours model | sklearn | sklearn fit s | sklearn model | ours vs sklearn | 95 % interval | load average |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        rows.ForEach(Console.WriteLine);
        if (speeds.Count > 0)
        {
            Console.WriteLine();
            Console.WriteLine("Predictions per second of a loaded model: one row at a time (10,000 rows after 1,000 warm-up; sklearn: 1,000 one-row DataFrames) and a 10,000-row batch " +
                              "(ours also without encoding the cells: PredictFeatures on rows encoded beforehand):");
            Console.WriteLine("| dataset | ours model | ours single rows/s | ours batch rows/s | ours batch, pre-encoded rows/s | sklearn model | sklearn single rows/s | sklearn batch rows/s | load average |");
            Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
            speeds.ForEach(Console.WriteLine);
        }
        if (plans.Count > 0)
        {
            Console.WriteLine();
            static bool Within2(double ratio) => ratio is >= 0.5 and <= 2;
            Console.WriteLine("The plan (GET /api/train/plan) against the search: expected seconds per trial vs the mean of the trainer's trials (any configuration), " +
                              "in the process's CPU time (what an unloaded core takes) and on the wall clock (this machine, shared):");
            Console.WriteLine("| dataset | trainer | planned s/trial | measured CPU s/trial | measured wall s/trial | trials | planned / CPU | planned / wall |");
            Console.WriteLine("|---|---|---|---|---|---|---|---|");
            plans.ForEach(Console.WriteLine);
            Console.WriteLine($"Within 2×: {timeRatios.Count(r => Within2(r.Cpu))} of {timeRatios.Count} trainer × dataset pairs in CPU time " +
                              $"(planned / measured {timeRatios.Min(r => r.Cpu):0.00}–{timeRatios.Max(r => r.Cpu):0.00}), {timeRatios.Count(r => Within2(r.Wall))} on the wall clock " +
                              $"({timeRatios.Min(r => r.Wall):0.00}–{timeRatios.Max(r => r.Wall):0.00}).");
            Console.WriteLine();
            Console.WriteLine("Expected peak memory vs the process's peak resident set during the dataset (profile, load, search, package; the high-water mark reset before it):");
            Console.WriteLine("| dataset | rows × features | planned peak MiB | measured peak MiB | resident before MiB | planned / measured | trials |");
            Console.WriteLine("|---|---|---|---|---|---|---|");
            memories.ForEach(Console.WriteLine);
            Console.WriteLine($"Within 2×: {memoryRatios.Count(Within2)} of {memoryRatios.Count} datasets (planned / measured {memoryRatios.Min():0.00}–{memoryRatios.Max():0.00}).");
        }
        return mismatches == 0 ? 0 : 1;
    }

    /// <summary>Higher-is-better metrics as the difference, errors as the ratio (below 1 = ours is better).</summary>
    private static string Started(OurTraining.Outcome ours, string step) =>
        ours.StepStarts.TryGetValue(step, out var seconds) ? $"{seconds:0.0} s" : "-";

    private static string Compare(string metric, double ours, double peer) => TrainingMetrics.HigherIsBetter(metric)
        ? (ours - peer).ToString("+0.0000;−0.0000;0.0000", CultureInfo.InvariantCulture)
        : $"{ours / peer:0.000}× RMSE";

    /// <summary>The paired bootstrap's 95 % interval of the comparison (<see cref="PairedBootstrap"/>), in <see cref="Compare"/>'s units.</summary>
    private static string Interval(string metric, (double Low, double High) interval) => TrainingMetrics.HigherIsBetter(metric)
        ? string.Create(CultureInfo.InvariantCulture, $"{interval.Low:+0.0000;−0.0000;0.0000} to {interval.High:+0.0000;−0.0000;0.0000}")
        : $"{interval.Low:0.000}× to {interval.High:0.000}×";

    private static IEnumerable<string> BestPerTrainer(SearchResult search, string metric) => search.Trials
        .Where(t => t.Error is null).GroupBy(t => t.Algorithm)
        .Select(g => (g.Key, Best: TrainingMetrics.HigherIsBetter(metric) ? g.Max(t => t.Score) : g.Min(t => t.Score)))
        .OrderByDescending(p => Metrics.Objective(metric, p.Best))
        .Select(p => $"{p.Key} {p.Best:0.0000}");

    /// <summary>The dataset's seeded train/test split written to <paramref name="directory"/>, and the missing-value tokens its profile found.</summary>
    internal static async Task<(TrainSplit Split, IReadOnlySet<string> Missing)> SplitAsync(Dataset dataset, int seed, string directory)
    {
        var source = dataset.Source(directory);
        var missing = (await ProfileAsync(source)).MissingTokens.ToHashSet(StringComparer.Ordinal);
        return (TrainSplit.Write(source, dataset.Target, dataset.Task, missing, seed, directory), missing);
    }

    private static async Task<DatasetProfile> ProfileAsync(string path)
    {
        var bytes = await File.ReadAllBytesAsync(path);
        return await new DatasetProfiler().ProfileAsync(new MemoryStream(bytes), new CsvDialect(',', CsvDialect.Utf8), bytes.Length, SilentProgress.Instance, CancellationToken.None);
    }

    /// <summary>The class index in the package's label order, or the value; a test class the model never saw is an error.</summary>
    private static float[] TestLabels(string[] header, List<string[]> rows, Dataset dataset, IReadOnlyList<string> labels)
    {
        var index = Array.IndexOf(header, dataset.Target);
        var classes = labels.ToList();
        return [.. rows.Select(row => dataset.Task == TargetTasks.Regression
            ? float.Parse(row[index], CultureInfo.InvariantCulture)
            : classes.IndexOf(row[index].Trim()) is var c and >= 0 ? c : throw new InvalidOperationException($"{dataset.Name}: test class '{row[index]}' is not in training."))];
    }

    private static double[] Flatten(IReadOnlyList<ModelPrediction> predictions, IReadOnlyList<string> labels) => labels.Count == 0
        ? [.. predictions.Select(p => p.Value!.Value)]
        : [.. predictions.SelectMany(p => labels.Select(l => p.Probabilities![l]))];

    /// <summary>The peer's probabilities (columns named by class) in our label order, or its values.</summary>
    private static double[] ReadPeerPredictions(string path, IReadOnlyList<string> labels)
    {
        var (header, rows) = TrainSplit.Read(path);
        var columns = labels.Count == 0 ? [0] : labels.Select(l => Array.IndexOf(header, l) is var i and >= 0 ? i : throw new InvalidOperationException($"sklearn has no class '{l}'.")).ToArray();
        return [.. rows.SelectMany(row => columns.Select(c => double.Parse(row[c], CultureInfo.InvariantCulture)))];
    }

    private sealed record PeerResult(string Model, Dictionary<string, double> Cv, double FitSeconds, double RefitSeconds, double Score,
        double SingleRowsPerSecond, double BatchRowsPerSecond)
    {
        public string PredictionsPath { get; set; } = "";
    }

    private static async Task<PeerResult> RunPeerAsync(Dataset dataset, TrainSplit split, IReadOnlyList<FeatureSpec> features, IReadOnlySet<string> missing,
        int seed, string directory, bool speed)
    {
        var predictions = Path.Combine(directory, $"{dataset.Name}-sklearn-predictions.csv");
        var spec = Path.Combine(directory, $"{dataset.Name}-spec.json");
        await File.WriteAllTextAsync(spec, JsonSerializer.Serialize(new
        {
            train = split.TrainPath,
            test = split.TestPath,
            target = dataset.Target,
            task = dataset.Task,
            // Booleans are two categories to scikit-learn; ours reads them as 1/0. Either way one slot of information.
            numeric = features.Where(f => f.Kind == FeatureSpec.Number).Select(f => f.Name),
            categorical = features.Where(f => f.Kind != FeatureSpec.Number).Select(f => f.Name),
            missing,
            seed,
            predictions,
            speed,
        }));
        var start = new ProcessStartInfo(Python, [Script, spec]) { RedirectStandardOutput = true };
        // One OpenMP thread, as our LightGbm gets on small data: on 2 busy cores HistGradientBoosting's default threads
        // spin-wait, and its 5-fold CV on iris took 22–29 s instead of 0.7–1 s.
        start.Environment["OMP_NUM_THREADS"] = "1";
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"train_sklearn.py exited with {process.ExitCode} on {dataset.Name}: {output}");
        }
        var result = JsonSerializer.Deserialize<PeerResult>(output.Trim().Split('\n')[^1], JsonSerializerOptions.Web)!;
        result.PredictionsPath = predictions;
        return result;
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";
}

/// <param name="Budget">Seconds of our search per dataset.</param>
/// <param name="Datasets">Names to run (null = all).</param>
/// <param name="Seed">Seed of the split, our search and the peer's folds and boosting.</param>
/// <param name="TrialsPath">Where to write every trial's shape, hyper-parameters and seconds (<see cref="TrialCsv"/>); null: trials.csv in the run's folder.</param>
public sealed record TrainOptions(double Budget, IReadOnlySet<string>? Datasets, int Seed, string? TrialsPath = null)
{
    private static TrainOptions Parse(string[] args)
    {
        var options = new TrainOptions(60, null, 0);
        for (var i = 0; i < args.Length; i += 2)
        {
            var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value.");
            options = args[i] switch
            {
                "--budget" => double.TryParse(value, CultureInfo.InvariantCulture, out var budget) && budget > 0
                    ? options with { Budget = budget }
                    : throw new ArgumentException($"--budget takes seconds above 0, not '{value}'."),
                "--seed" => int.TryParse(value, CultureInfo.InvariantCulture, out var seed)
                    ? options with { Seed = seed }
                    : throw new ArgumentException($"--seed takes a whole number, not '{value}'."),
                "--datasets" => options with { Datasets = Known(value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)) },
                "--trials" => options with { TrialsPath = Path.GetFullPath(value) },
                _ => throw new ArgumentException($"Unknown option {args[i]}; use --budget S, --datasets a,b, --seed N or --trials FILE.csv."),
            };
        }
        return options;
    }

    /// <summary><see cref="Parse"/>, or null with what was wrong written to standard error.</summary>
    public static TrainOptions? TryParse(string[] args)
    {
        try
        {
            return Parse(args);
        }
        catch (ArgumentException exception)
        {
            Console.Error.WriteLine(exception.Message);
            return null;
        }
    }

    private static HashSet<string> Known(string[] names) =>
        names.FirstOrDefault(n => TrainBenchmark.Datasets.All(d => d.Name != n)) is { } unknown
            ? throw new ArgumentException($"Unknown dataset '{unknown}'; use some of {string.Join(", ", TrainBenchmark.Datasets.Select(d => d.Name))}.")
            : [.. names];
}
