using System.Text.Json;
using MlWorkflow.Api.Datasets;
using MlWorkflow.Api.Tasks;
using MlWorkflow.Core.Models;
using MlWorkflow.Engine;
using MlWorkflow.Engine.Preprocessing;
using MlWorkflow.Engine.Training;

namespace MlWorkflow.Api.Models;

/// <summary>
/// A model of the registry as lists show it (no leaderboard, no charts). <c>algorithm</c> is "ensemble" when several
/// members have weight; <c>metrics</c> are the validation scores by metric name; <c>labels</c> are a classifier's classes
/// (null for regression); <c>datasetId</c> and <c>trainTaskId</c> are null once those are deleted, while
/// <c>datasetName</c> and <c>datasetSha256</c> still name what it was trained on.
/// </summary>
public record ModelResponse(
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
    IReadOnlyList<ModelMember> Members,
    IReadOnlyDictionary<string, double> Metrics,
    ValidationInfo Validation,
    IReadOnlyList<FeatureImportance> FeatureImportance,
    IReadOnlyList<PipelineStepSpec> Steps,
    IReadOnlyList<InputColumn> InputSchema,
    IReadOnlyList<string>? Labels,
    int Seed,
    Guid? TrainTaskId,
    long SizeBytes,
    DateTimeOffset CreatedAt);

/// <summary>
/// <see cref="ModelResponse"/> plus the search's leaderboard, the evaluation charts and <c>fittedSteps</c>: what each of
/// <c>steps</c> fitted (an impute's fill value, a scaler's center and scale, an encoder's categories), in the same order,
/// a step's entry found by its <c>id</c>; empty for models registered before the fitted values were kept.
/// </summary>
public sealed record ModelDetailsResponse : ModelResponse
{
    public ModelDetailsResponse(ModelResponse model, IReadOnlyList<LeaderboardEntry> leaderboard, EvaluationCharts charts, IReadOnlyList<FittedStep> fittedSteps)
        : base(model)
    {
        Leaderboard = leaderboard;
        Charts = charts;
        FittedSteps = fittedSteps;
    }

    public IReadOnlyList<LeaderboardEntry> Leaderboard { get; init; }

    public EvaluationCharts Charts { get; init; }

    public IReadOnlyList<FittedStep> FittedSteps { get; init; }
}

public sealed record ModelListResponse(IReadOnlyList<ModelResponse> Items, int Total);

/// <summary>Body of <c>POST /api/models/{id}/predict_batch</c>: the dataset to score.</summary>
public sealed record PredictBatchRequest(Guid? DatasetId);

/// <summary>The scored dataset (status processing until the task has written it) and the batch_predict task.</summary>
public sealed record PredictBatchResponse(DatasetResponse Dataset, TaskResponse Task);

public static class ModelMappings
{
    public static ModelResponse ToResponse(this Model m) => new(
        m.Id, m.Name, m.Version, m.DatasetId, m.DatasetName, m.DatasetSha256, m.Target, m.Task, m.Metric, m.Algorithm,
        Read<List<ModelMember>>(m.Members), Read<Dictionary<string, double>>(m.Metrics), Read<ValidationInfo>(m.Validation),
        Read<List<FeatureImportance>>(m.FeatureImportance), ReadSteps(m.Steps), Read<List<InputColumn>>(m.InputSchema),
        m.Labels is null ? null : Read<List<string>>(m.Labels), m.Seed, m.TrainTaskId, m.SizeBytes, m.CreatedAt);

    public static ModelDetailsResponse ToDetails(this Model m) =>
        new(m.ToResponse(), Read<List<LeaderboardEntry>>(m.Leaderboard), Read<EvaluationCharts>(m.Charts), Read<List<FittedStep>>(m.FittedSteps));

    // Rows trained through steps by an earlier worker hold the fitted steps ({id, op, columns: [{name, …}]}) instead.
    private static List<PipelineStepSpec> ReadSteps(string json)
    {
        try
        {
            return Read<List<PipelineStepSpec>>(json);
        }
        catch (JsonException)
        {
            return [.. Read<List<FittedStep>>(json).Select(step => step.ToSpec())];
        }
    }

    // The worker writes these columns from the Engine's records with the Engine's options; JSON null is a broken row.
    private static T Read<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, EngineJson.Options) ?? throw new JsonException($"A stored model column is JSON null where {typeof(T).Name} was expected.");
}
