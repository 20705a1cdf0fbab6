using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using MlWorkflow.Api.Datasets;
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
public sealed class SuggestionService(ProfiledDatasets datasets, SuggestionCache cache)
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

        var cached = await cache.GetAsync(datasetId, SuggestionCache.FieldFor(kind, state.ProfileVersion!, target));
        Activity.Current?.SetTag("mlworkflow.suggest.cache", cached is null ? "miss" : "hit");
        if (cached is not null)
        {
            return new Outcome<T>(JsonSerializer.Deserialize<T>(cached, ProfileJson.Options), null);
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
            value = compute(ProfileJson.Read(stored.Json), target);
        }
        catch (ArgumentException e)
        {
            return SuggestionProblems.TargetUnusable(e);
        }
        cache.Set(datasetId, stored.Version, SuggestionCache.FieldFor(kind, stored.Version, target),
            JsonSerializer.Serialize(value, ProfileJson.Options));
        return new Outcome<T>(value, null);
    }
}
