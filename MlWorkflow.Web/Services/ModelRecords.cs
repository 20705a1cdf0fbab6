using System.Text.Json;

namespace MlWorkflow.Web.Services;

// The registry's and training's JSON as Web reads and sends it (its shapes: /openapi/v1.json).

/// <summary>
/// A model of the registry. Lists leave out <see cref="Leaderboard"/>, <see cref="Charts"/> and <see cref="FittedSteps"/>
/// (what each of <see cref="Steps"/> fitted, read by <see cref="FittedValues"/>); <c>DatasetId</c> and <c>TrainTaskId</c>
/// are null once those were deleted, while the dataset's name and hash still say what it learnt from.
/// </summary>
public sealed record ModelRecord(
    Guid Id,
    string Name,
    int Version,
    Guid? DatasetId,
    string DatasetName,
    string? DatasetSha256,
    string Target,
    string Task,
    string Metric,
    string Algorithm,
    IReadOnlyList<ModelMemberRecord> Members,
    IReadOnlyDictionary<string, double> Metrics,
    ValidationRecord Validation,
    IReadOnlyList<FeatureImportanceRecord> FeatureImportance,
    IReadOnlyList<PipelineStepRecord> Steps,
    IReadOnlyList<InputColumnRecord> InputSchema,
    IReadOnlyList<string>? Labels,
    int Seed,
    Guid? TrainTaskId,
    long SizeBytes,
    DateTimeOffset CreatedAt,
    IReadOnlyList<LeaderboardRow>? Leaderboard = null,
    EvaluationChartsRecord? Charts = null,
    JsonElement? FittedSteps = null)
{
    public bool IsEnsemble => Algorithm == "ensemble";

    /// <summary>The validation score of the metric the search ranked by.</summary>
    public double? Score => Metrics.TryGetValue(Metric, out var score) ? score : null;
}

public sealed record ModelMemberRecord(string Algorithm, IReadOnlyDictionary<string, double>? Hyperparameters, double Weight);

/// <summary>How candidates were scored: <c>cv</c> (k folds, repeated on small data) or <c>holdout</c> (a fraction of the rows).</summary>
public sealed record ValidationRecord(string Method, int? Folds, double? HoldoutFraction, long Rows, int? Repeats = null)
{
    public string Describe() => Method == "cv"
        ? $"{Folds}-fold cross-validation{(Repeats is > 1 ? $" repeated {Repeats} times" : "")} on {Format.Count(Rows)} rows"
        : $"holdout of {Format.Percent(HoldoutFraction ?? 0)} of {Format.Count(Rows)} rows";
}

public sealed record FeatureImportanceRecord(string Feature, double Importance, double StdDev);

public sealed record InputColumnRecord(string Name, string Type, IReadOnlyList<string>? Categories = null);

/// <summary>
/// A trial of the search, ranked by score (1 = best); failed trials come last with their error. <c>EndedAtSeconds</c>
/// (seconds into the search when the trial ended) is null in leaderboards stored before trials were timed.
/// </summary>
public sealed record LeaderboardRow(
    int Rank, int Trial, string Algorithm, IReadOnlyDictionary<string, double>? Hyperparameters, double? Score, double TrainSeconds, string? Error = null,
    double? EndedAtSeconds = null);

public sealed record EvaluationChartsRecord(
    ConfusionMatrixRecord? ConfusionMatrix = null,
    IReadOnlyList<RocPointRecord>? Roc = null,
    IReadOnlyList<RegressionPointRecord>? PredictedVsActual = null,
    HistogramRecord? Residuals = null,
    IReadOnlyList<ScorePointRecord>? BestScoreOverTime = null);

/// <summary>Rows are the actual labels, columns the predicted ones.</summary>
public sealed record ConfusionMatrixRecord(IReadOnlyList<string> Labels, IReadOnlyList<IReadOnlyList<long>> Counts);

public sealed record RocPointRecord(double FalsePositiveRate, double TruePositiveRate, double Threshold);

public sealed record RegressionPointRecord(double Actual, double Predicted);

public sealed record HistogramRecord(IReadOnlyList<double> Edges, IReadOnlyList<long> Counts);

public sealed record ScorePointRecord(double Seconds, int Trial, double Score);

/// <summary>The body of POST /api/models/{id}/predict_batch.</summary>
public sealed record PredictBatchRequest(Guid DatasetId);

/// <summary>POST /api/models/{id}/predict_batch's 202: the scored dataset (processing) and the batch_predict task writing it.</summary>
public sealed record PredictBatchResult(DatasetRecord Dataset, TaskRecord Task);

/// <summary>
/// The body of POST /api/train; what is left null the Api chooses (the target's task, the task's metric, …). <c>Steps</c>
/// are preprocessing steps fitted with the model and applied inside it (none when null).
/// </summary>
public sealed record StartTrainingRequest(
    Guid DatasetId,
    string Target,
    string? Task,
    string? Metric,
    IReadOnlyList<string>? Algorithms,
    double? TimeBudgetSeconds,
    int? Seed,
    string? Name,
    IReadOnlyList<PipelineStepRecord>? Steps = null);

public sealed record StartTrainingResult(TaskRecord Task);

/// <summary>
/// GET /api/train/plan: how the search will validate, and what each trainer is expected to cost; <c>PipelineSteps</c> is
/// how many of the saved pipeline's steps the rows and features were counted after (0: the columns as they are).
/// </summary>
public sealed record TrainingPlanRecord(
    long Rows,
    int Features,
    ValidationRecord Validation,
    IReadOnlyList<AlgorithmPlanRecord> Algorithms,
    double ExpectedPeakMemoryMb,
    IReadOnlyList<string> Warnings,
    int PipelineSteps = 0);

public sealed record AlgorithmPlanRecord(string Algorithm, double ExpectedTrialSeconds, double ExpectedPeakMemoryMb);

/// <summary>What a train task's <c>result</c> holds: the live leaderboard while it runs; the model and its score once done.</summary>
public sealed record TrainTaskResult(
    IReadOnlyList<LeaderboardRow> Leaderboard,
    Guid? ModelId,
    string? Metric,
    double? Score,
    string? StoppedBy)
{
    public static TrainTaskResult? Read(JsonElement? result)
    {
        if (result is not { ValueKind: JsonValueKind.Object } json)
        {
            return null;
        }
        try
        {
            return json.Deserialize<TrainTaskResult>(JsonSerializerOptions.Web) is { } read ? read with { Leaderboard = read.Leaderboard ?? [] } : null;
        }
        catch (JsonException)
        {
            return null; // a result of another shape: the console still tells the story
        }
    }
}

/// <summary>Metric names per task (the first is the Api's default) and which way is better.</summary>
public static class TrainingMetrics
{
    public static IReadOnlyList<string> For(string? task) => task switch
    {
        "binary" => ["auc", "accuracy", "f1", "logLoss"],
        "multiclass" => ["macroF1", "accuracy", "logLoss"],
        "regression" => ["rmse", "mae", "r2"],
        _ => [],
    };

    public static bool HigherIsBetter(string metric) => metric is not ("logLoss" or "rmse" or "mae");
}
