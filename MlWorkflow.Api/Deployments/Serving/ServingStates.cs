using System.Collections.Concurrent;
using Npgsql;

namespace MlWorkflow.Api.Deployments.Serving;

/// <summary>
/// Deployment id → what it serves now (<see cref="ServingState"/>), cached for <see cref="DeploymentChanges.ServingStateTtl"/>.
/// A state is published only once its model is loaded, so a switch never makes a request wait for a cold model when it
/// can be avoided: a state near the end of its life is re-read in the background while the old one keeps serving, and a
/// <see cref="DeploymentChanges.Changed"/> deployment is re-read at once (new requests wait for that read and its model,
/// requests already running finish with the state they have). Deployments that do not exist are not cached.
/// </summary>
public sealed partial class ServingStates : IDisposable
{
    private const string Query = """
        SELECT d.owner_id, d.model_id, d.generation, m.version, m.artifact_id, m.input_schema
        FROM deployments d JOIN models m ON m.id = d.model_id
        WHERE d.id = $1
        """;

    private readonly ConcurrentDictionary<Guid, Entry> _entries = new();
    private readonly NpgsqlDataSource _dataSource;
    private readonly LoadedModels _models;
    private readonly DeploymentChanges _changes;
    private readonly TimeProvider _time;
    private readonly ILogger<ServingStates> _logger;
    private readonly long _refreshAfter;
    private readonly long _expireAfter;

    public ServingStates(NpgsqlDataSource dataSource, LoadedModels models, DeploymentChanges changes, TimeProvider time, ILogger<ServingStates> logger)
    {
        (_dataSource, _models, _changes, _time, _logger) = (dataSource, models, changes, time, logger);
        _expireAfter = (long)(DeploymentChanges.ServingStateTtl.TotalSeconds * time.TimestampFrequency);
        _refreshAfter = _expireAfter * 4 / 5;
        changes.Changed += OnChanged;
    }

    /// <summary>The deployment's state with its model loaded, or null when there is no such deployment.</summary>
    public async ValueTask<ServingState?> GetAsync(Guid deploymentId, CancellationToken cancellationToken)
    {
        var entry = _entries.GetValueOrDefault(deploymentId);
        if (entry is { State.IsCompletedSuccessfully: true })
        {
            var age = _time.GetTimestamp() - entry.ReadAt;
            if (age < _expireAfter)
            {
                if (age >= _refreshAfter && entry.TryStartRefresh())
                {
                    _ = RefreshAsync(deploymentId, entry);
                }
                return entry.State.Result;
            }
        }
        else if (entry is { State.IsCompleted: false })
        {
            return await entry.State.WaitAsync(cancellationToken);
        }
        return await Replace(deploymentId, entry).State.WaitAsync(cancellationToken);
    }

    /// <summary>Re-reads a changed deployment now if this replica serves it, so the next request gets the new model warm.</summary>
    public void OnChanged(Guid deploymentId)
    {
        if (_entries.TryGetValue(deploymentId, out var entry))
        {
            Replace(deploymentId, entry);
        }
    }

    public void Dispose() => _changes.Changed -= OnChanged;

    /// <summary>Puts a pending entry in place of <paramref name="current"/> (or returns whoever won that race) and starts its read.</summary>
    private Entry Replace(Guid deploymentId, Entry? current)
    {
        var next = new Entry();
        var won = current is null ? _entries.TryAdd(deploymentId, next) : _entries.TryUpdate(deploymentId, next, current);
        if (!won)
        {
            return _entries.GetValueOrDefault(deploymentId) is { } winner ? winner : Replace(deploymentId, null);
        }
        _ = CompleteAsync(deploymentId, next, current?.State is { IsCompletedSuccessfully: true } previous ? previous.Result : null);
        return next;
    }

    private async Task CompleteAsync(Guid deploymentId, Entry entry, ServingState? previous)
    {
        try
        {
            var state = await ReadAsync(deploymentId, previous);
            entry.Complete(state, _time.GetTimestamp());
            if (state is null)
            {
                _entries.TryRemove(KeyValuePair.Create(deploymentId, entry));
            }
        }
        catch (Exception e)
        {
            // The waiting requests fail with it; the next one reads again.
            _entries.TryRemove(KeyValuePair.Create(deploymentId, entry));
            entry.Fail(e);
        }
    }

    private async Task RefreshAsync(Guid deploymentId, Entry current)
    {
        try
        {
            var state = await ReadAsync(deploymentId, current.State.Result);
            if (state is null)
            {
                _entries.TryRemove(KeyValuePair.Create(deploymentId, current));
                return;
            }
            var next = new Entry();
            next.Complete(state, _time.GetTimestamp());
            // Lost to a change notification's read: that one is newer.
            _entries.TryUpdate(deploymentId, next, current);
        }
        catch (Exception e)
        {
            // The current state serves until it expires; then a request reads again (and sees the error if it persists).
            LogRefreshFailed(e, deploymentId);
        }
    }

    private async Task<ServingState?> ReadAsync(Guid deploymentId, ServingState? previous)
    {
        ServingState state;
        await using (var command = _dataSource.CreateCommand(Query))
        {
            command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = deploymentId });
            await using var reader = await command.ExecuteReaderAsync();
            if (!await reader.ReadAsync())
            {
                return null;
            }
            var modelId = reader.GetGuid(1);
            // Same model, same schema: the parsed one is kept.
            var schema = previous is not null && previous.ModelId == modelId ? previous.Schema : InputRowSchema.FromJson(reader.GetString(5));
            state = new ServingState(deploymentId, reader.GetGuid(0), modelId, reader.GetInt32(3), reader.GetInt32(2), reader.GetGuid(4), schema);
        }
        if (previous is null || previous.ModelId != state.ModelId)
        {
            // Published only once loaded: the switch is warm for the requests after it.
            await _models.GetAsync(state, CancellationToken.None);
        }
        return state;
    }

    private sealed class Entry
    {
        private readonly TaskCompletionSource<ServingState?> _state = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _refreshing;

        public Task<ServingState?> State => _state.Task;

        public long ReadAt { get; private set; }

        public void Complete(ServingState? state, long readAt)
        {
            ReadAt = readAt;
            _state.SetResult(state);
        }

        public void Fail(Exception exception) => _state.SetException(exception);

        public bool TryStartRefresh() => Interlocked.Exchange(ref _refreshing, 1) == 0;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not re-read deployment {DeploymentId}; its cached state serves until it expires")]
    private partial void LogRefreshFailed(Exception exception, Guid deploymentId);
}
