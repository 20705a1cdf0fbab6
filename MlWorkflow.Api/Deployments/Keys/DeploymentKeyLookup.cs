using System.Collections.Concurrent;
using MlWorkflow.Api.Deployments.Serving;
using Npgsql;

namespace MlWorkflow.Api.Deployments.Keys;

/// <summary>
/// Finds the live key with a hash. Found keys are remembered for <see cref="DeploymentChanges.ServingStateTtl"/> (a key
/// request costs no query); a revoked key stops working on this replica at once (the revoke raises
/// <see cref="DeploymentChanges.Changed"/>, which forgets that deployment's keys) and on the others within that time.
/// Unknown keys are not remembered: nothing to fill memory with.
/// </summary>
public sealed class DeploymentKeyLookup : IDisposable
{
    private const int MaxRemembered = 10_000;

    private readonly ConcurrentDictionary<string, Found> _found = new(StringComparer.Ordinal);
    private readonly NpgsqlDataSource _dataSource;
    private readonly DeploymentChanges _changes;
    private readonly TimeProvider _time;
    private readonly long _ttl;

    public DeploymentKeyLookup(NpgsqlDataSource dataSource, DeploymentChanges changes, TimeProvider time)
    {
        (_dataSource, _changes, _time) = (dataSource, changes, time);
        _ttl = (long)(DeploymentChanges.ServingStateTtl.TotalSeconds * time.TimestampFrequency);
        changes.Changed += Forget;
    }

    /// <summary>The key's id and deployment, or null when no live key has this hash.</summary>
    public async ValueTask<(Guid KeyId, Guid DeploymentId)?> FindAsync(string hash, CancellationToken cancellationToken)
    {
        if (_found.TryGetValue(hash, out var found) && _time.GetTimestamp() - found.At < _ttl)
        {
            return (found.KeyId, found.DeploymentId);
        }
        await using var command = _dataSource.CreateCommand("SELECT id, deployment_id FROM deployment_keys WHERE hash = $1 AND revoked_at IS NULL");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = hash });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            _found.TryRemove(hash, out _);
            return null;
        }
        found = new Found(reader.GetGuid(0), reader.GetGuid(1), _time.GetTimestamp());
        if (_found.Count >= MaxRemembered)
        {
            _found.Clear();
        }
        _found[hash] = found;
        return (found.KeyId, found.DeploymentId);
    }

    /// <summary>Forgets every key of a deployment (its keys changed, or it was deleted).</summary>
    public void Forget(Guid deploymentId)
    {
        foreach (var (hash, found) in _found)
        {
            if (found.DeploymentId == deploymentId)
            {
                _found.TryRemove(KeyValuePair.Create(hash, found));
            }
        }
    }

    public void Dispose() => _changes.Changed -= Forget;

    private sealed record Found(Guid KeyId, Guid DeploymentId, long At);
}
