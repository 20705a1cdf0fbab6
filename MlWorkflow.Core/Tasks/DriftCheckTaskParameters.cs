using System.Text.Json;

namespace MlWorkflow.Core.Tasks;

/// <summary>The parameters (<c>tasks.parameters</c>) of a drift_check task: the deployment whose prediction log to check.</summary>
public sealed record DriftCheckTaskParameters(Guid DeploymentId, bool Scheduled = false)
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web);

    public string ToJson() => JsonSerializer.Serialize(this, s_json);

    /// <summary>Throws <see cref="JsonException"/> when the stored text is not this shape.</summary>
    public static DriftCheckTaskParameters Parse(string json) =>
        JsonSerializer.Deserialize<DriftCheckTaskParameters>(json, s_json) ?? throw new JsonException("The drift_check task's parameters are JSON null.");
}
