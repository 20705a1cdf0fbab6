using System.Text.Json;
using System.Text.Json.Serialization;

namespace MlWorkflow.Core.Tasks;

/// <summary>
/// The parameters (<c>tasks.parameters</c>) of a profile task, set by the upload. <see cref="MissingTokens"/> null:
/// the profiler's default list.
/// </summary>
public sealed record ProfileTaskParameters(IReadOnlyList<string>? MissingTokens = null)
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public string ToJson() => JsonSerializer.Serialize(this, s_json);

    /// <summary>Throws <see cref="JsonException"/> when the stored text is not this shape.</summary>
    public static ProfileTaskParameters Parse(string? json) =>
        string.IsNullOrWhiteSpace(json) ? new() : JsonSerializer.Deserialize<ProfileTaskParameters>(json, s_json) ?? new();
}
