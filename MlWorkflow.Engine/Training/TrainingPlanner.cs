using System.Globalization;
using MlWorkflow.Engine.Profiling;
using MlWorkflow.Engine.Suggestions;
using MlWorkflow.Engine.Targets;

namespace MlWorkflow.Engine.Training;

/// <summary>
/// The plan shown before training starts: how candidates are scored (stratified k-fold cross-validation on small data,
/// one holdout on large data) and, per trainer, the expected seconds of one trial and the expected peak memory, with
/// warnings in plain words when the budget buys few trials. Times come from <see cref="TrainingCostModel"/>, whose
/// <see cref="TrainingCostModel.OverheadSeconds"/> is a cold first fit: it is charged once per search here, and every
/// later fit pays <see cref="FitSeconds"/> instead. Memory over the worker's limit is the worker's call, not the plan's.
/// </summary>
public static class TrainingPlanner
{
    /// <summary>Below this many rows every trial is cross-validated; from it on, one holdout is enough and 5× cheaper.</summary>
    public const long CrossValidationMaxRows = 20_000;

    public const int Folds = 5;

    /// <summary>The holdout aims at this many rows, within [<see cref="MinHoldoutFraction"/>, <see cref="MaxHoldoutFraction"/>] of the data.</summary>
    public const double HoldoutRows = 2_500;

    public const double MinHoldoutFraction = 0.01;
    public const double MaxHoldoutFraction = 0.1;

    /// <summary>
    /// What a warm fit costs beyond its cells (building the trainer, its dataset and the views over the rows), measured on
    /// the samples (docs/BENCHMARKS.md, "Training"): FastTree and FastForest build binned datasets (about 0.2 s), LightGbm
    /// about 0.05 s, linear trainers about 0.015 s.
    /// </summary>
    public static double FitSeconds(string algorithm) => algorithm switch
    {
        MlNetTrainers.FastTree or MlNetTrainers.FastForest => 0.2,
        MlNetTrainers.LightGbm => 0.05,
        _ => 0.015,
    };

    /// <summary>The worker process with ML.NET and LightGbm's native library loaded, before any data (180–225 MiB measured).</summary>
    public const double BaseMemoryMb = 200;

    /// <summary>Fewer trials than this of a trainer leave its hyper-parameters barely searched: worth a warning.</summary>
    public const int FewTrials = 5;

    /// <summary>With fewer rows than this, validation scores are noisy.</summary>
    public const long FewRows = 100;

    private const double BytesPerCell = 4;
    private const double BytesPerClassScore = 8;

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
    /// <exception cref="ArgumentException">The target is not a column, the task or a trainer is unknown, or the budget is not positive.</exception>
    public static TrainingPlan Plan(DatasetProfile profile, string target, string task, IReadOnlyList<string> algorithms, double timeBudgetSeconds)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(algorithms);
        var column = profile.Columns.FirstOrDefault(c => c.Name == target)
            ?? throw new ArgumentException($"'{target}' is not a column of this dataset.", nameof(target));
        if (task is not (TargetTasks.Binary or TargetTasks.Multiclass or TargetTasks.Regression))
        {
            throw new ArgumentException($"Unknown task '{task}'; use binary, multiclass or regression.", nameof(task));
        }
        if (!(timeBudgetSeconds > 0))
        {
            throw new ArgumentException("The time budget must be a positive number of seconds.", nameof(timeBudgetSeconds));
        }
        var rows = Math.Max(0, profile.RowCount - column.Missing);
        var features = TrainingCostModel.EffectiveFeatures(profile, target);
        var classes = task == TargetTasks.Multiclass ? (int)column.Distinct : 1;
        var validation = Validation(rows);
        var fitRows = validation.Method == ValidationInfo.CrossValidation
            ? rows * (Folds - 1) / Folds
            : (long)Math.Round(rows * (1 - validation.HoldoutFraction!.Value));
        var fits = validation.Folds ?? 1;

        var warnings = new List<string>();
        if (rows < FewRows)
        {
            warnings.Add(rows == 0
                ? $"No row has a value in '{target}': there is nothing to train on."
                : $"Only {Count(rows)} rows have a value in '{target}': scores vary a lot between folds, so read the leaderboard's order with care.");
        }
        var plans = new List<AlgorithmPlan>();
        foreach (var algorithm in algorithms)
        {
            var trial = Math.Max(0.1, Math.Round(fits * Fit(algorithm, fitRows, features, classes), 1));
            var refit = Fit(algorithm, rows, features, classes);
            plans.Add(new AlgorithmPlan(algorithm, trial, Memory(algorithm, rows, features, classes)));
            var trials = Math.Floor((timeBudgetSeconds - TrainingCostModel.OverheadSeconds - refit) / trial);
            if (trials < 1)
            {
                var needed = Math.Ceiling(TrainingCostModel.OverheadSeconds + refit + trial);
                warnings.Add($"A {Seconds(timeBudgetSeconds)} budget allows fewer than one trial of {algorithm} (~{Seconds(trial)} per trial, "
                    + $"~{Seconds(refit)} more to refit the best on all {Count(rows)} rows): raise the budget to at least {Seconds(needed)}, or leave {algorithm} out.");
            }
            else if (trials < FewTrials)
            {
                warnings.Add($"{Shape(rows, features, classes, task)}: {algorithm} trials ~{Seconds(trial)}, {Seconds(timeBudgetSeconds)} allows ~{trials:0} "
                    + $"{(trials == 1 ? "trial" : "trials")}; a larger budget tries more of its hyper-parameters.");
            }
        }
        var peak = plans.Count == 0 ? BaseMemoryMb : plans.Max(p => p.ExpectedPeakMemoryMb);
        return new TrainingPlan(rows, features, validation, plans, peak, warnings);
    }

    /// <summary>5-fold cross-validation below <see cref="CrossValidationMaxRows"/> rows, else a holdout of about <see cref="HoldoutRows"/> rows.</summary>
    public static ValidationInfo Validation(long rows) =>
        rows < CrossValidationMaxRows
            ? new ValidationInfo(ValidationInfo.CrossValidation, Folds, null, rows)
            : new ValidationInfo(ValidationInfo.Holdout, null,
                Math.Round(Math.Max(MinHoldoutFraction, Math.Min(MaxHoldoutFraction, HoldoutRows / rows)), 4), rows);

    // A warm fit: the cost model's seconds for the cells, without its one-off cold start.
    private static double Fit(string algorithm, long rows, int features, int classes) =>
        Math.Max(0, TrainingCostModel.ExpectedSeconds(algorithm, rows, features, classes) - TrainingCostModel.OverheadSeconds) + FitSeconds(algorithm);

    private static double Memory(string algorithm, long rows, int features, int classes)
    {
        var (factor, perClass) = s_memory[algorithm];
        var bytes = rows * (double)Math.Max(1, features) * BytesPerCell * factor
            + (perClass && classes > 1 ? rows * (double)classes * BytesPerClassScore : 0);
        return Math.Round(BaseMemoryMb + bytes / (1 << 20));
    }

    private static string Shape(long rows, int features, int classes, string task) =>
        task == TargetTasks.Multiclass ? $"{classes} classes and {Count(rows)} rows" : $"{Count(rows)} rows × {Count(features)} features";

    private static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Seconds(double seconds) =>
        (seconds < 10 ? seconds.ToString("0.#", CultureInfo.InvariantCulture) : seconds.ToString("N0", CultureInfo.InvariantCulture)) + " s";
}
