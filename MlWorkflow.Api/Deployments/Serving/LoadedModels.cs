using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Options;
using MlWorkflow.Core.Artifacts;
using MlWorkflow.Engine.Training;

namespace MlWorkflow.Api.Deployments.Serving;

/// <summary>
/// Model packages loaded by model id, at most <see cref="ServingOptions.MaxLoadedModels"/> (least recently used dropped
/// first). A package loads once however many requests ask for it at the same time; a failed load is forgotten, so
/// the next request tries again. A dropped package stays usable by the requests that hold it.
/// </summary>
public sealed partial class LoadedModels(PostgresArtifactStore artifacts, IOptions<ServingOptions> options, TimeProvider time, ILogger<LoadedModels> logger)
{
    private readonly ConcurrentDictionary<Guid, Slot> _slots = new();

    public int Count => _slots.Count;

    public Task<ModelPackage> GetAsync(ServingState state, CancellationToken cancellationToken)
    {
        var added = false;
        var slot = _slots.GetOrAdd(state.ModelId, (_, s) =>
        {
            added = true;
            return new Slot(new Lazy<Task<ModelPackage>>(() => LoadAsync(s.ModelId, s.ArtifactId)));
        }, state);
        slot.LastUsed = time.GetTimestamp();
        var package = slot.Package.Value;
        if (added)
        {
            _ = package.ContinueWith(_ => _slots.TryRemove(KeyValuePair.Create(state.ModelId, slot)),
                CancellationToken.None, TaskContinuationOptions.NotOnRanToCompletion, TaskScheduler.Default);
            Trim();
        }
        return package.IsCompletedSuccessfully ? package : package.WaitAsync(cancellationToken);
    }

    private void Trim()
    {
        while (_slots.Count > options.Value.MaxLoadedModels)
        {
            var oldest = _slots.MinBy(s => s.Value.LastUsed);
            if (_slots.TryRemove(oldest))
            {
                LogDropped(oldest.Key, options.Value.MaxLoadedModels);
            }
        }
    }

    // Not the request's token: other requests wait for the same load.
    private async Task<ModelPackage> LoadAsync(Guid modelId, Guid artifactId)
    {
        var started = Stopwatch.GetTimestamp();
        using var buffer = new MemoryStream();
        await using (var stream = await artifacts.OpenReadAsync(artifactId, CancellationToken.None)
            ?? throw new InvalidOperationException($"The package (artifact {artifactId}) of model {modelId} is missing."))
        {
            await stream.CopyToAsync(buffer);
        }
        buffer.Position = 0;
        var package = await Task.Run(() => ModelPackage.Load(buffer));
        LogLoaded(modelId, buffer.Length, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return package;
    }

    private sealed class Slot(Lazy<Task<ModelPackage>> package)
    {
        public Lazy<Task<ModelPackage>> Package { get; } = package;

        public long LastUsed { get; set; }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded the package of model {ModelId} ({Bytes} bytes) in {Milliseconds:F0} ms")]
    private partial void LogLoaded(Guid modelId, long bytes, double milliseconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Dropped the package of model {ModelId}: more than {MaxLoadedModels} models were loaded")]
    private partial void LogDropped(Guid modelId, int maxLoadedModels);
}
