using System.Text.Json.Serialization;
using MlWorkflow.Engine.Profiling;

namespace MlWorkflow.Engine.Training;

/// <summary>
/// What to search: the target and its task, the metric to rank by, the trainers to try, and the limits. The search
/// stops at whichever comes first of the budget, <see cref="MaxTrials"/> and a stop request.
/// </summary>
public sealed record TrainingRequest(
    string Target,
    string Task,
    string Metric,
    IReadOnlyList<string> Algorithms,
    double TimeBudgetSeconds,
    int? MaxTrials = null,
    int Seed = 0,
    bool Ensemble = true);

/// <summary>One trial of the search: a trainer with its hyper-parameters, scored on validation (out-of-fold or holdout).</summary>
public sealed record TrialResult(
    int Trial,
    string Algorithm,
    IReadOnlyDictionary<string, double> Hyperparameters,
    double Score,
    double TrainSeconds,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Error = null)
{
    /// <summary>
    /// Seconds into the search when the trial ended, on the clock of <see cref="ScorePoint.Seconds"/>. Wall time, like
    /// <see cref="TrainSeconds"/>: it differs run to run where everything else repeats.
    /// </summary>
    public double EndedAtSeconds { get; init; }
}

/// <summary>A row of the leaderboard as the registry shows it: trials ranked by score (1 = best), failed trials last.</summary>
public sealed record LeaderboardEntry(
    int Rank,
    int Trial,
    string Algorithm,
    IReadOnlyDictionary<string, double> Hyperparameters,
    double? Score,
    double TrainSeconds,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Error = null)
{
    /// <inheritdoc cref="TrialResult.EndedAtSeconds"/>
    public double EndedAtSeconds { get; init; }
}

/// <summary>A model of the final predictor with its weight (weights sum to 1).</summary>
public sealed record ModelMember(string Algorithm, IReadOnlyDictionary<string, double> Hyperparameters, double Weight);

/// <summary>How the candidates were scored: k-fold cross-validation (out-of-fold predictions) or one holdout.</summary>
public sealed record ValidationInfo(
    string Method,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Folds,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? HoldoutFraction,
    long Rows)
{
    public const string CrossValidation = "cv";
    public const string Holdout = "holdout";

    /// <summary>How many times the cross-validation runs, with other folds each time (<see cref="Training.Folds.Choose"/>); null: once.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Repeats { get; init; }

    /// <summary>The fits of one trial: folds × repeats, or one for a holdout.</summary>
    [JsonIgnore]
    public int Fits => Method == CrossValidation ? Folds!.Value * (Repeats ?? 1) : 1;
}

/// <summary>Permutation importance of an input column: how much the validation metric drops when its values are shuffled.</summary>
public sealed record FeatureImportance(string Feature, double Importance, double StdDev);

/// <summary>A column the model reads, as the user sends it: its name, its type, and for categorical columns the known values.</summary>
public sealed record InputColumn(
    string Name,
    ColumnType Type,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Categories = null);

/// <summary>Evaluation charts' data: confusion matrix (classification), ROC points (binary), predicted vs actual (regression).</summary>
public sealed record EvaluationCharts(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ConfusionMatrix? ConfusionMatrix = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<RocPoint>? Roc = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<RegressionPoint>? PredictedVsActual = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Histogram? Residuals = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<ScorePoint>? BestScoreOverTime = null);

/// <summary>Rows are the actual labels, columns the predicted ones, both in <see cref="Labels"/> order.</summary>
public sealed record ConfusionMatrix(IReadOnlyList<string> Labels, IReadOnlyList<IReadOnlyList<long>> Counts);

public sealed record RocPoint(double FalsePositiveRate, double TruePositiveRate, double Threshold);

public sealed record RegressionPoint(double Actual, double Predicted);

public sealed record Histogram(IReadOnlyList<double> Edges, IReadOnlyList<long> Counts);

/// <summary>The best validation score after a trial that ended <see cref="Seconds"/> into the search.</summary>
public sealed record ScorePoint(double Seconds, int Trial, double Score);

/// <summary>The plan shown before training: how it will validate, and what each trainer is expected to cost.</summary>
/// <param name="Rows">Rows with a target value (that the steps' row filters keep).</param>
/// <param name="Features">The encoded features the trainers read (after the steps when <see cref="PipelineSteps"/> is not 0).</param>
/// <param name="Validation">The search's validation for that many rows.</param>
/// <param name="Algorithms">Per trainer, the expected seconds a trial and peak memory.</param>
/// <param name="ExpectedPeakMemoryMb">The largest of the trainers' peaks.</param>
/// <param name="Warnings">What to watch out for, in plain words.</param>
public sealed record TrainingPlan(
    long Rows,
    int Features,
    ValidationInfo Validation,
    IReadOnlyList<AlgorithmPlan> Algorithms,
    double ExpectedPeakMemoryMb,
    IReadOnlyList<string> Warnings)
{
    /// <summary>The enabled pipeline steps the rows and features were counted after; 0 when the columns are read as they are.</summary>
    public int PipelineSteps { get; init; }
}

public sealed record AlgorithmPlan(string Algorithm, double ExpectedTrialSeconds, double ExpectedPeakMemoryMb);

/// <summary>Metric names per task; the first of each task is its default.</summary>
public static class TrainingMetrics
{
    public const string Auc = "auc";
    public const string Accuracy = "accuracy";
    public const string F1 = "f1";
    public const string LogLoss = "logLoss";
    public const string MacroF1 = "macroF1";
    public const string Rmse = "rmse";
    public const string Mae = "mae";
    public const string R2 = "r2";

    public static IReadOnlyList<string> For(string task) => task switch
    {
        Targets.TargetTasks.Binary => [Auc, Accuracy, F1, LogLoss],
        Targets.TargetTasks.Multiclass => [MacroF1, Accuracy, LogLoss],
        Targets.TargetTasks.Regression => [Rmse, Mae, R2],
        _ => throw new ArgumentException($"Unknown task '{task}'.", nameof(task)),
    };

    public static string Default(string task) => For(task)[0];

    /// <summary>Whether a larger value is better (loss and error metrics are the opposite).</summary>
    public static bool HigherIsBetter(string metric) => metric is not (LogLoss or Rmse or Mae);
}
