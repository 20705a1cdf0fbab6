using System.Text.Json;
using MlWorkflow.Engine.Profiling;

namespace MlWorkflow.Engine;

/// <summary>
/// The one set of JSON options for what the engine's results are stored as (profiles, pipelines, fitted pipelines):
/// <c>JsonSerializerDefaults.Web</c>, camelCase. The worker writes with them and the Api reads with them.
/// </summary>
public static class EngineJson
{
    public static readonly JsonSerializerOptions Options = CreateOptions();

    /// <exception cref="JsonException">The text is not a profile, or is JSON null.</exception>
    public static DatasetProfile ReadProfile(string json) =>
        JsonSerializer.Deserialize<DatasetProfile>(json, Options)
        ?? throw new JsonException("The stored profile is JSON null.");

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
