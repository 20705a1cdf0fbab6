using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace MlWorkflow.Core.Artifacts;

/// <summary>
/// Files kept in PostgreSQL as fixed-size chunks (<c>artifact_chunks</c>), streamed in and out: no
/// file is ever held whole in memory. Writes hash and count on the way in; reads check length and
/// SHA-256 on the way out.
/// </summary>
public sealed class PostgresArtifactStore(NpgsqlDataSource dataSource)
{
    /// <summary>1 MiB: few enough rows for a large file, small enough to bound memory per upload.</summary>
    public const int DefaultChunkSize = 1 << 20;

    /// <summary>
    /// Starts an artifact inside the transaction the caller has begun on <paramref name="database"/>, so
    /// the artifact and the caller's own rows commit or roll back together.
    /// </summary>
    public static Task<ArtifactWriter> BeginWriteAsync(
        DatabaseFacade database, string kind, string contentType, CancellationToken cancellationToken,
        int chunkSize = DefaultChunkSize)
    {
        var transaction = database.CurrentTransaction?.GetDbTransaction() as NpgsqlTransaction
            ?? throw new InvalidOperationException("Begin a transaction on the DbContext before writing an artifact.");
        return ArtifactWriter.StartAsync(transaction, kind, contentType, chunkSize, cancellationToken);
    }

    /// <summary>Starts an artifact inside <paramref name="transaction"/>, so it commits or rolls back with the caller's rows.</summary>
    public static Task<ArtifactWriter> BeginWriteAsync(
        NpgsqlTransaction transaction, string kind, string contentType, CancellationToken cancellationToken, int chunkSize = DefaultChunkSize) =>
        ArtifactWriter.StartAsync(transaction, kind, contentType, chunkSize, cancellationToken);

    /// <summary>
    /// Deletes the artifacts created before <paramref name="createdBefore"/> that no row refers to
    /// (<c>datasets.artifact_id</c>, <c>models.artifact_id</c>; a new table that keeps artifacts must be added here).
    /// Returns how many went.
    /// </summary>
    public async Task<int> DeleteUnreferencedAsync(DateTimeOffset createdBefore, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "DELETE FROM artifacts a WHERE a.created_at < @before " +
            "AND NOT EXISTS (SELECT 1 FROM datasets d WHERE d.artifact_id = a.id) " +
            "AND NOT EXISTS (SELECT 1 FROM models m WHERE m.artifact_id = a.id)");
        command.Parameters.AddWithValue("before", createdBefore);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Stores a whole stream as a new artifact in its own transaction.</summary>
    public async Task<Artifact> SaveAsync(Stream content, string kind, string contentType, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        Artifact artifact;
        await using (var writer = await ArtifactWriter.StartAsync(transaction, kind, contentType, DefaultChunkSize, cancellationToken))
        {
            var buffer = new byte[81_920];
            int read;
            while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
            {
                await writer.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }
            artifact = await writer.CompleteAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return artifact;
    }

    /// <summary>
    /// Opens an artifact for reading, or returns null when there is none with this id. The stream
    /// throws <see cref="ArtifactIntegrityException"/> when the stored bytes do not match the recorded
    /// chunk layout, length or SHA-256 (the hash is checked when the end is reached).
    /// </summary>
    public async Task<ArtifactReadStream?> OpenReadAsync(Guid id, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            var stream = await ArtifactReadStream.OpenAsync(connection, id, cancellationToken);
            if (stream is null)
            {
                await connection.DisposeAsync();
            }
            return stream;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}
