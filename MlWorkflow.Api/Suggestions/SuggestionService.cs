using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using MlWorkflow.Api.Datasets;
using MlWorkflow.Engine;
using MlWorkflow.Engine.Profiling;

namespace MlWorkflow.Api.Suggestions;

/// <summary>Either a value or the problem that prevented it.</summary>
public readonly record struct Outcome<T>(T? Value, ProblemHttpResult? Problem) where T : class
{
    public static implicit operator Outcome<T>(ProblemHttpResult problem) => new(null, problem);
}

/// <summary>
/// Loads the owner's dataset, checks it has a profile and the target is a column, then answers from the cache or
/// computes with the Engine (its <see cref="ArgumentException"/> becomes a 400) and caches the answer.
/// </summary>
public sealed partial class SuggestionService(ProfiledDatasets datasets, SuggestionCache cache, ILogger<SuggestionService> logger)
{
    public async Task<Outcome<T>> GetAsync<T>(
        string kind, Guid datasetId, Guid ownerId, string? target, Func<DatasetProfile, string?, T> compute, CancellationToken cancellationToken)
        where T : class
    {
        var state = await datasets.FindAsync(datasetId, ownerId, cancellationToken);
        if (state is null)
        {
            return DatasetsApi.NotFound(datasetId);
        }
        if (!state.IsProfiled)
        {
            return SuggestionProblems.NotProfiled(state);
        }
        if (target is not null && !state.Columns.Contains(target, StringComparer.Ordinal))
        {
            return SuggestionProblems.TargetNotAColumn(target, state.Columns);
        }

        var cached = Read<T>(await cache.GetAsync(datasetId, SuggestionCache.FieldFor(kind, state.ProfileVersion!, target)));
        Activity.Current?.SetTag("mlworkflow.suggest.cache", cached is null ? "miss" : "hit");
        if (cached is not null)
        {
            return new Outcome<T>(cached, null);
        }

        // Read again: the profile may have been replaced since; the key must carry the version of what is computed.
        var stored = await datasets.ReadProfileAsync(datasetId, cancellationToken);
        if (stored is null)
        {
            return DatasetsApi.NotFound(datasetId);
        }
        T value;
        try
        {
            value = compute(EngineJson.ReadProfile(stored.Json), target);
        }
        catch (ArgumentException e) when (e.ParamName == "target")
        {
            return SuggestionProblems.TargetUnusable(e);
        }
        cache.Set(datasetId, stored.Version, SuggestionCache.FieldFor(kind, stored.Version, target),
            JsonSerializer.Serialize(value, EngineJson.Options));
        return new Outcome<T>(value, null);
    }

    /// <summary>A cached entry that no longer reads (written by another version) counts as a miss and is overwritten.</summary>
    private T? Read<T>(string? cached) where T : class
    {
        if (cached is null)
        {
            return null;
        }
        try
        {
            return JsonSerializer.Deserialize<T>(cached, EngineJson.Options);
        }
        catch (JsonException e)
        {
            LogUnreadable(logger, typeof(T).Name, e.Message);
            return null;
        }
    }

    [LoggerMessage(LogLevel.Warning, "A cached {Suggestion} could not be read, computing it again: {Reason}")]
    private static partial void LogUnreadable(ILogger logger, string suggestion, string reason);
}
