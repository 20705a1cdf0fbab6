using System.Globalization;
using MlWorkflow.Engine.Preprocessing;
using MlWorkflow.Engine.Profiling;
using MlWorkflow.Engine.Suggestions;
using MlWorkflow.Engine.Targets;

namespace MlWorkflow.Engine.Training;

/// <summary>
/// The plan shown before training starts: the training table's shape (<see cref="TrainingShape"/>, after the pipeline
/// steps fitted inside the model when there are some), how candidates are scored (the search's own rule,
/// <see cref="Training.Folds.Choose"/>: stratified k-fold cross-validation on small data, one holdout on large data) and, per trainer, the expected seconds of one trial and the expected peak memory, with
/// warnings in plain words when the budget buys few trials. A trial's seconds come from <see cref="TrialCost"/> for the
/// configurations the search will run: the plan replays the search's schedule within the budget (each trainer's
/// portfolio, cheapest trainers first, then the local search around the portfolio, the rest of the budget shared
/// between the trainers) and gives each trainer's mean. The first search of a worker process also pays a cold start
/// (<see cref="ColdStartSeconds"/>, compiling ML.NET) once. Memory over the worker's limit is the
/// worker's call, not the plan's.
/// </summary>
public static class TrainingPlanner
{
    /// <summary>What the first fit of a worker process adds once (up to ~3 s measured on this 2-core machine).</summary>
    public const double ColdStartSeconds = 2.0;

    /// <summary>The worker process with ML.NET and LightGbm's native library loaded, before any data (180–225 MiB measured).</summary>
    public const double BaseMemoryMb = 200;

    /// <summary>
    /// What a search adds to the process whatever the data: the garbage collector's headroom for the fits' allocations
    /// and ML.NET's buffers (peak minus the resident set before the search: 35–135 MiB on data up to 32,000 × 21).
    /// </summary>
    public const double SearchMemoryMb = 80;

    /// <summary>Fewer trials than this of a trainer leave its hyper-parameters barely searched: worth a warning.</summary>
    public const int FewTrials = 5;

    /// <summary>With fewer rows than this, validation scores are noisy.</summary>
    public const long FewRows = 100;

    private const double BytesPerCell = 4;
    private const double BytesPerClassScore = 8;

    /// <summary>
    /// A fitted model's managed size, measured on the samples: about 50 KiB of transformers and schema, plus 100–230
    /// bytes a tree leaf.
    /// </summary>
    private const double BytesPerModel = 50 * 1024;
    private const double BytesPerLeaf = 150;

    /// <summary>
    /// Memory per cell of the encoded matrix, in matrices: the matrix itself plus the trainer's working copy (boosting
    /// bins every feature and keeps gradients; forests and FastTree keep their own dataset; linear trainers cache the rows).
    /// </summary>
    private static readonly Dictionary<string, (double Factor, bool PerClass)> s_memory = new()
    {
        [MlNetTrainers.LightGbm] = (2.5, true),
        [MlNetTrainers.FastTree] = (3, true),
        [MlNetTrainers.FastForest] = (3, true),
        [MlNetTrainers.LbfgsLogisticRegression] = (2, false),
        [MlNetTrainers.LbfgsMaximumEntropy] = (2, true),
        [MlNetTrainers.SdcaLogisticRegression] = (2, false),
        [MlNetTrainers.SdcaMaximumEntropy] = (2, true),
        [MlNetTrainers.Sdca] = (2, false),
        [MlNetTrainers.OnlineGradientDescent] = (2, false),
        [MlNetTrainers.LbfgsPoissonRegression] = (2, false),
    };

    /// <param name="profile">The dataset's profile.</param>
    /// <param name="target">The column to predict.</param>
    /// <param name="task">binary, multiclass or regression.</param>
    /// <param name="algorithms">The trainers to search (<see cref="MlNetTrainers"/>).</param>
    /// <param name="timeBudgetSeconds">The whole search's budget.</param>
    /// <param name="steps">The pipeline steps the training fits inside the model (POST /api/train's <c>steps</c>); null or empty: none.</param>
    /// <param name="textColumns">
    /// The columns the pipelines that made the dataset marked for n-grams (<see cref="PipelineColumns.TextColumns"/>); null: an uploaded dataset.
    /// </param>
    /// <exception cref="ArgumentException">
    /// The target is not a column, the task or a trainer is unknown, the budget is not positive, or the steps do not pass <see cref="Preprocessing.PipelineValidator"/>.
    /// </exception>
    public static TrainingPlan Plan(DatasetProfile profile, string target, string task, IReadOnlyList<string> algorithms, double timeBudgetSeconds,
        IReadOnlyList<PipelineStepSpec>? steps = null, IReadOnlySet<string>? textColumns = null)
    {
        ArgumentNullException.ThrowIfNull(algorithms);
        var (shape, classes) = Measure(profile, target, task, steps, textColumns);
        var (rows, features) = (shape.Rows, shape.Features);
        if (!(timeBudgetSeconds > 0))
        {
            throw new ArgumentException("The time budget must be a positive number of seconds.", nameof(timeBudgetSeconds));
        }
        var validation = Folds.Choose(rows);
        var (fitRows, fits) = Split(validation);
        var validRows = validation.Method == ValidationInfo.CrossValidation ? rows * (validation.Repeats ?? 1) : rows - fitRows;

        var warnings = new List<string>(shape.Warnings);
        if (rows < FewRows)
        {
            warnings.Add(rows == 0
                ? $"No row has a value in '{target}': there is nothing to train on."
                : $"Only {Count(rows)} rows have a value in '{target}': scores vary a lot between folds, so read the leaderboard's order with care.");
        }
        var costClasses = TrialCost.CostClasses(task, classes);
        var specs = algorithms.Select(a => TrainerSpec.Get(a, task, Math.Max(2, classes))).ToList();
        var expected = ExpectedTrials(specs, seconds => fits * seconds, (spec, config) => TrialCost.FitSeconds(spec.Algorithm, fitRows, features, costClasses, config),
            timeBudgetSeconds);
        // The search keeps its best candidates (the pool) until it ends; the best trainer's configurations tend to fill it
        // (cars: 40 FastForest trials of 365 and 1.4 GiB), so each trainer is planned as if its trials filled it, up to
        // the pool's memory bound.
        double Kept(TrainerSpec spec) => Math.Min(ModelSearch.PoolSize, Math.Max(1, expected[spec.Algorithm].Trials));
        // A candidate: its fold models (the geometric mean over the portfolio, as for time) and its validation predictions.
        double PoolMb(TrainerSpec spec) => Math.Exp(spec.Portfolio.Average(config =>
            Math.Log(CandidateBytes(spec, config, fits, fitRows, costClasses, validRows, Metrics.Width(task, classes))))) / (1 << 20);
        double KeptMb(TrainerSpec spec) => Math.Min(ModelSearch.PoolMemoryMb, Kept(spec) * PoolMb(spec));
        var plans = new List<AlgorithmPlan>();
        foreach (var spec in specs)
        {
            var algorithm = spec.Algorithm;
            var trial = Significant(expected[algorithm].Seconds);
            var first = FirstTrial(spec, validation, features, costClasses);
            var refit = TrialCost.FitSeconds(algorithm, rows, features, costClasses, spec.Portfolio[0]);
            plans.Add(new AlgorithmPlan(algorithm, trial, Math.Round(BaseMemoryMb + SearchMemoryMb + DataMb(algorithm, rows, features, classes) + KeptMb(spec))));
            if (ColdStartSeconds + refit + first > timeBudgetSeconds)
            {
                var needed = Math.Ceiling(ColdStartSeconds + refit + first);
                warnings.Add($"A {Seconds(timeBudgetSeconds)} budget allows fewer than one trial of {algorithm} (~{Seconds(first)} for its first, "
                    + $"~{Seconds(refit)} more to refit the best on all {Count(rows)} rows): raise the budget to at least {Seconds(needed)}, or leave {algorithm} out.");
                continue;
            }
            var trials = Math.Max(1, Math.Floor((timeBudgetSeconds - ColdStartSeconds - refit) / trial));
            if (trials < FewTrials)
            {
                warnings.Add($"{Shape(rows, features, classes, task)}: {algorithm} trials ~{Seconds(trial)}, {Seconds(timeBudgetSeconds)} allows ~{trials:0} "
                    + $"{(trials == 1 ? "trial" : "trials")}; a larger budget tries more of its hyper-parameters.");
            }
        }
        var peak = plans.Count == 0 ? BaseMemoryMb : plans.Max(p => p.ExpectedPeakMemoryMb);
        return new TrainingPlan(rows, features, validation, plans, peak, warnings) { PipelineSteps = shape.Steps };
    }

    /// <summary>
    /// The seconds of one trial of <paramref name="algorithm"/>'s first default (its portfolio's first configuration) with
    /// the search's validation (<see cref="Folds.Choose"/>: five fits below <see cref="Folds.CrossValidationBelowRows"/>
    /// rows, fifteen below <see cref="Folds.RepeatBelowRows"/>, else one), rounded as the plan shows seconds: what the
    /// plan gives a trainer whose first trial is its only one. The dataset page's model recommendation shows it, so both
    /// screens give a trainer the same cost.
    /// </summary>
    /// <param name="profile">The dataset's profile.</param>
    /// <param name="target">The column to predict.</param>
    /// <param name="task">binary, multiclass or regression.</param>
    /// <param name="algorithm">One of <see cref="MlNetTrainers"/> that trains <paramref name="task"/>.</param>
    /// <param name="textColumns">Columns the pipelines that made the dataset marked with text_features (read as n-grams); null: none.</param>
    /// <exception cref="ArgumentException">The target is not a column, the task is unknown, or the trainer does not train it.</exception>
    public static double FirstTrialSeconds(DatasetProfile profile, string target, string task, string algorithm, IReadOnlySet<string>? textColumns = null)
    {
        var (shape, classes) = Measure(profile, target, task, null, textColumns);
        var spec = TrainerSpec.Get(algorithm, task, Math.Max(2, classes));
        return Significant(FirstTrial(spec, Folds.Choose(shape.Rows), shape.Features, TrialCost.CostClasses(task, classes)));
    }

    /// <summary>
    /// The encoded features the training table will hold without pipeline steps (<see cref="TrainingShape"/>): numbers and
    /// booleans one slot, a category one slot a value up to <see cref="TrainingTable.MaxCategories"/>; dates, text and
    /// identifiers none (cars' free-text names once counted as 200 features here) unless the pipelines that made the
    /// dataset marked them with text_features (<paramref name="textColumns"/>).
    /// </summary>
    public static int Features(DatasetProfile profile, string target, IReadOnlySet<string>? textColumns = null) =>
        TrainingShape.Estimate(profile, target, null, textColumns).Features;

    /// <summary>The rows a trial's fits train on, and how many fits a trial makes.</summary>
    private static (long FitRows, int Fits) Split(ValidationInfo validation) =>
        validation.Folds is { } folds
            ? (validation.Rows * (folds - 1) / folds, validation.Fits)
            : ((long)Math.Round(validation.Rows * (1 - validation.HoldoutFraction!.Value)), 1);

    private static double FirstTrial(TrainerSpec spec, ValidationInfo validation, int features, int costClasses)
    {
        var (fitRows, fits) = Split(validation);
        return fits * TrialCost.FitSeconds(spec.Algorithm, fitRows, features, costClasses, spec.Portfolio[0]);
    }

    /// <summary>The rows with a target value and the encoded features after the steps, and the classes (one unless multiclass) the plan counts.</summary>
    private static (TrainingShape Shape, int Classes) Measure(DatasetProfile profile, string target, string task, IReadOnlyList<PipelineStepSpec>? steps,
        IReadOnlySet<string>? textColumns)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var column = profile.Columns.FirstOrDefault(c => c.Name == target)
            ?? throw new ArgumentException($"'{target}' is not a column of this dataset.", nameof(target));
        if (task is not (TargetTasks.Binary or TargetTasks.Multiclass or TargetTasks.Regression))
        {
            throw new ArgumentException($"Unknown task '{task}'; use binary, multiclass or regression.", nameof(task));
        }
        return (TrainingShape.Estimate(profile, target, steps, textColumns), task == TargetTasks.Multiclass ? (int)column.Distinct : 1);
    }

    /// <summary>
    /// Each trainer's mean trial seconds, and how many trials, over what the search would run in <paramref name="budget"/>: its portfolio,
    /// interleaved with the other trainers' and cheapest trainers first, each trial started only while the budget
    /// (less the finish's share) pays for it; then the local search, the time left shared equally between the trainers
    /// that ran, at the cost of a step around a portfolio configuration (the geometric mean over the portfolio: which
    /// one the search settles around is only known once they are scored). A trainer that would not run gets its first
    /// configuration's cost.
    /// </summary>
    /// <param name="specs">The trainers.</param>
    /// <param name="trialOf">One fit's seconds to a trial's (times the folds).</param>
    /// <param name="fitSeconds">One fit's seconds of a configuration on the training split.</param>
    /// <param name="budget">The search's budget.</param>
    internal static Dictionary<string, (double Seconds, double Trials)> ExpectedTrials(IReadOnlyList<TrainerSpec> specs, Func<double, double> trialOf,
        Func<TrainerSpec, IReadOnlyDictionary<string, double>, double> fitSeconds, double budget)
    {
        double Trial(TrainerSpec spec, IReadOnlyDictionary<string, double> config) => trialOf(fitSeconds(spec, config));
        var order = specs.OrderBy(spec => Trial(spec, spec.Portfolio[0])).ThenBy(spec => spec.Algorithm, StringComparer.Ordinal).ToList();
        var run = order.ToDictionary(spec => spec.Algorithm, _ => (Count: 0.0, Seconds: 0.0));
        if (order.Count == 0)
        {
            return [];
        }
        // The search keeps time for refitting the best on all rows (about a fold's fit more) three times, and importance.
        var reserve = Math.Clamp((3 * fitSeconds(order[0], order[0].Portfolio[0]) * 1.25) + 1, 0.03 * budget, ModelSearch.FinishShare * budget);
        var end = budget - reserve;
        var clock = 0.0;
        var queue = Enumerable.Range(0, order.Max(spec => spec.Portfolio.Count))
            .SelectMany(i => order.Where(spec => i < spec.Portfolio.Count).Select(spec => (spec, config: spec.Portfolio[i])));
        foreach (var (spec, config) in queue)
        {
            var seconds = Trial(spec, config);
            if (clock == 0 || clock + seconds <= end)
            {
                clock += seconds;
                run[spec.Algorithm] = (run[spec.Algorithm].Count + 1, run[spec.Algorithm].Seconds + seconds);
            }
        }
        var ran = order.Where(spec => run[spec.Algorithm].Count > 0).ToList();
        var share = Math.Max(0, end - clock) / ran.Count;
        var expected = new Dictionary<string, (double Seconds, double Trials)>(StringComparer.Ordinal);
        foreach (var spec in order)
        {
            var (count, seconds) = run[spec.Algorithm];
            if (count == 0)
            {
                expected[spec.Algorithm] = (Trial(spec, spec.Portfolio[0]), 0);
                continue;
            }
            var local = Math.Exp(spec.Portfolio.Average(config => Math.Log(Neighbourhood(spec, config).Average(neighbour => Trial(spec, neighbour)))));
            var localTrials = share / local;
            expected[spec.Algorithm] = ((seconds + (localTrials * local)) / (count + localTrials), count + localTrials);
        }
        return expected;
    }

    /// <summary>The configurations one first step of the local search (FLOW2's initial step) reaches along each axis, both ways.</summary>
    private static IEnumerable<IReadOnlyDictionary<string, double>> Neighbourhood(TrainerSpec spec, IReadOnlyDictionary<string, double> config)
    {
        var step = 0.1 * Math.Sqrt(spec.Space.Count);
        var unit = spec.Space.Select(p => p.ToUnit(config[p.Name])).ToArray();
        for (var axis = 0; axis < unit.Length; axis++)
        {
            foreach (var sign in (int[])[1, -1])
            {
                yield return spec.Space.Select((p, i) => (p.Name, Value: p.FromUnit(unit[i] + (i == axis ? sign * step : 0)))).ToDictionary(p => p.Name, p => p.Value);
            }
        }
    }

    /// <summary>Two significant digits: a plan is an estimate, and sub-second trials still need their digits.</summary>
    private static double Significant(double seconds)
    {
        if (seconds <= 0)
        {
            return 0;
        }
        var digits = Math.Max(0, 1 - (int)Math.Floor(Math.Log10(seconds)));
        return Math.Round(seconds, Math.Min(digits, 15));
    }

    /// <summary>The encoded matrix and the trainer's working copy of it, in MiB.</summary>
    private static double DataMb(string algorithm, long rows, int features, int classes)
    {
        var (factor, perClass) = s_memory[algorithm];
        var bytes = rows * (double)Math.Max(1, features) * BytesPerCell * factor
            + (perClass && classes > 1 ? rows * (double)classes * BytesPerClassScore : 0);
        return bytes / (1 << 20);
    }

    /// <summary>
    /// What a kept candidate holds: its fold models (<paramref name="fits"/> fitted on <paramref name="fitRows"/> rows each)
    /// and its validation predictions. The search bounds its pool by this sum, the plan counts it.
    /// </summary>
    internal static double CandidateBytes(TrainerSpec spec, IReadOnlyDictionary<string, double> config, int fits, long fitRows, int costClasses,
        long validRows, int predictionWidth) =>
        (fits * ModelBytes(spec, fitRows, costClasses, config)) + (validRows * (double)predictionWidth * BytesPerClassScore);

    /// <summary>A fitted model's bytes: the fixed part, and for tree ensembles every leaf of every tree (one per class and round for multiclass).</summary>
    private static double ModelBytes(TrainerSpec spec, long rows, int costClasses, IReadOnlyDictionary<string, double> config)
    {
        var trees = spec.Algorithm switch
        {
            MlNetTrainers.LightGbm => config["NumberOfIterations"],
            MlNetTrainers.FastTree or MlNetTrainers.FastForest => config["NumberOfTrees"],
            _ => 0,
        };
        if (trees == 0)
        {
            return BytesPerModel;
        }
        return BytesPerModel + (trees * costClasses * TrialCost.Leaves(rows, config) * BytesPerLeaf);
    }

    private static string Shape(long rows, int features, int classes, string task) =>
        task == TargetTasks.Multiclass ? $"{classes} classes and {Count(rows)} rows" : $"{Count(rows)} rows × {Count(features)} features";

    private static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Seconds(double seconds) =>
        (seconds < 10 ? seconds.ToString("0.#", CultureInfo.InvariantCulture) : seconds.ToString("N0", CultureInfo.InvariantCulture)) + " s";
}
