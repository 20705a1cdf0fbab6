using System.Text.Json;

namespace MlWorkflow.Core.Tasks;

/// <summary>
/// The parameters (<c>tasks.parameters</c>) of a train task, checked by the Api before the task is created. Written
/// with the web JSON defaults (camelCase), so the same text also reads as the Engine's <c>TrainingRequest</c>
/// (target, task, metric, algorithms, timeBudgetSeconds, maxTrials, seed, ensemble). <see cref="Steps"/> is a JSON
/// array of the Engine's checked pipeline steps (<c>PipelineStepSpec</c>), empty when none were sent;
/// <see cref="Name"/> is the name the model is registered under.
/// </summary>
public sealed record TrainTaskParameters(
    Guid DatasetId,
    string Name,
    string Target,
    string Task,
    string Metric,
    IReadOnlyList<string> Algorithms,
    double TimeBudgetSeconds,
    int? MaxTrials,
    int Seed,
    bool Ensemble,
    JsonElement Steps)
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web);

    public string ToJson() => JsonSerializer.Serialize(this, s_json);

    /// <summary>Throws <see cref="JsonException"/> when the stored text is not this shape.</summary>
    public static TrainTaskParameters Parse(string json) =>
        JsonSerializer.Deserialize<TrainTaskParameters>(json, s_json) ?? throw new JsonException("The train task's parameters are JSON null.");
}
