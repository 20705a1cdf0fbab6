using System.Text.Json;

namespace MlWorkflow.Core.Tasks;

/// <summary>The parameters (<c>tasks.parameters</c>) of a batch_predict task: the model to score with and the dataset to score.</summary>
public sealed record BatchPredictTaskParameters(Guid ModelId, Guid DatasetId)
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web);

    public string ToJson() => JsonSerializer.Serialize(this, s_json);

    /// <summary>Throws <see cref="JsonException"/> when the stored text is not this shape.</summary>
    public static BatchPredictTaskParameters Parse(string json) =>
        JsonSerializer.Deserialize<BatchPredictTaskParameters>(json, s_json) ?? throw new JsonException("The batch_predict task's parameters are JSON null.");
}
