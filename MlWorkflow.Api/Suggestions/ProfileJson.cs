using System.Text.Json;
using MlWorkflow.Engine.Profiling;

namespace MlWorkflow.Api.Suggestions;

/// <summary>
/// Reads <c>datasets.profile</c> back into the Engine's <see cref="DatasetProfile"/>: the worker writes it with
/// <c>JsonSerializerDefaults.Web</c> (MlWorkflow.Worker/Jobs/ProfileRunner.cs), so the same options read it.
/// </summary>
public static class ProfileJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static DatasetProfile Read(string json) =>
        JsonSerializer.Deserialize<DatasetProfile>(json, Options)
        ?? throw new JsonException("The stored profile is JSON null.");
}
