using MlWorkflow.Core.Datasets;
using Npgsql;

namespace MlWorkflow.Api.Suggestions;

/// <summary>
/// What the suggestion and pipeline endpoints check before reading a profile. <c>ProfileVersion</c> is a hash of the
/// stored profile (null while there is none): a re-profile changes it, which is what keeps cached suggestions fresh.
/// </summary>
public sealed record DatasetProfileState(
    Guid Id, DatasetStatus Status, Guid? ProfileTaskId, string? ProfileTaskError, IReadOnlyList<string> Columns, string? ProfileVersion)
{
    public bool IsProfiled => Status == DatasetStatus.Ready && ProfileVersion is not null;
}

/// <summary>The stored profile's text and the version hash of that very text.</summary>
public sealed record StoredProfile(string Json, string Version);

/// <summary>
/// Reads a dataset's profile state without transferring the profile (Postgres hashes it), and the profile itself
/// only when a suggestion has to be computed.
/// </summary>
public sealed class ProfiledDatasets(NpgsqlDataSource dataSource)
{
    // jsonb::text is jsonb's canonical form, so equal profiles hash equally.
    private const string VersionSql = "left(encode(sha256(convert_to(d.profile::text, 'UTF8')), 'hex'), 32)";

    public async Task<DatasetProfileState?> FindAsync(Guid id, Guid ownerId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"""
            SELECT d.status, d.profile_task_id, t.error, d.columns, {VersionSql}
            FROM datasets d LEFT JOIN tasks t ON t.id = d.profile_task_id
            WHERE d.id = @id AND d.owner_id = @owner
            """);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("owner", ownerId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }
        return new DatasetProfileState(
            id,
            DatasetStatuses.TryParse(reader.GetString(0), out var status) ? status : DatasetStatus.Failed,
            reader.IsDBNull(1) ? null : reader.GetGuid(1),
            reader.IsDBNull(2) ? null : reader.GetString(2),
            reader.GetFieldValue<string[]>(3),
            reader.IsDBNull(4) ? null : reader.GetString(4));
    }

    /// <summary>The profile as stored now (null if the dataset or its profile is gone).</summary>
    public async Task<StoredProfile?> ReadProfileAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"SELECT d.profile::text, {VersionSql} FROM datasets d WHERE d.id = @id AND d.profile IS NOT NULL");
        command.Parameters.AddWithValue("id", id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? new StoredProfile(reader.GetString(0), reader.GetString(1)) : null;
    }
}
