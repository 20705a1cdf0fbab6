using System.Buffers;
using System.Security.Cryptography;
using Npgsql;
using NpgsqlTypes;

namespace MlWorkflow.Core.Artifacts;

/// <summary>
/// Writes one artifact as chunk rows inside a caller's transaction. Two chunk buffers alternate: while
/// one chunk's INSERT is on its way to PostgreSQL, the next is filled, so network reads and database
/// writes overlap. Memory per writer is two chunks, whatever the file's size.
/// </summary>
public sealed class ArtifactWriter : IAsyncDisposable
{
    private readonly NpgsqlTransaction _transaction;
    private readonly NpgsqlCommand _insert;
    private readonly NpgsqlParameter<int> _index = new() { NpgsqlDbType = NpgsqlDbType.Integer };
    private readonly NpgsqlParameter<ReadOnlyMemory<byte>> _data = new() { NpgsqlDbType = NpgsqlDbType.Bytea };
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private byte[] _filling;
    private byte[] _sending;
    private int _filled;
    private int _chunkCount;
    private Task? _pending;
    private Artifact? _completed;

    private ArtifactWriter(NpgsqlTransaction transaction, Guid id, int chunkSize)
    {
        _transaction = transaction;
        Id = id;
        ChunkSize = chunkSize;
        _filling = ArrayPool<byte>.Shared.Rent(chunkSize);
        _sending = ArrayPool<byte>.Shared.Rent(chunkSize);
        _insert = new NpgsqlCommand(
            "INSERT INTO artifact_chunks (artifact_id, \"index\", data) VALUES ($1, $2, $3)",
            transaction.Connection, transaction)
        {
            Parameters = { new NpgsqlParameter<Guid> { TypedValue = id }, _index, _data },
        };
    }

    public Guid Id { get; }

    public int ChunkSize { get; }

    /// <summary>Bytes written so far.</summary>
    public long Length { get; private set; }

    internal static async Task<ArtifactWriter> StartAsync(
        NpgsqlTransaction transaction, string kind, string contentType, int chunkSize, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkSize, 1);
        var id = Guid.CreateVersion7();
        // The row comes first (the chunks' foreign key needs it) and gets its length and hash at the end;
        // nobody sees it before the transaction commits.
        await using (var command = new NpgsqlCommand(
            "INSERT INTO artifacts (id, kind, content_type, length, sha256, chunk_size, chunk_count, created_at) " +
            "VALUES ($1, $2, $3, 0, '', $4, 0, $5)", transaction.Connection, transaction))
        {
            command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = id });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = kind });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = contentType });
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = chunkSize });
            command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = DateTimeOffset.UtcNow });
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        var writer = new ArtifactWriter(transaction, id, chunkSize);
        await writer._insert.PrepareAsync(cancellationToken);
        return writer;
    }

    public async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        if (_completed is not null)
        {
            throw new InvalidOperationException("The artifact is already complete.");
        }
        _hash.AppendData(data.Span);
        Length += data.Length;
        while (!data.IsEmpty)
        {
            var count = Math.Min(data.Length, ChunkSize - _filled);
            data.Span[..count].CopyTo(_filling.AsSpan(_filled));
            _filled += count;
            data = data[count..];
            if (_filled == ChunkSize)
            {
                await SendFilledChunkAsync(cancellationToken);
            }
        }
    }

    /// <summary>Writes the last chunk and records length, SHA-256 and chunk count. The caller still commits.</summary>
    public async Task<Artifact> CompleteAsync(CancellationToken cancellationToken)
    {
        if (_completed is not null)
        {
            return _completed;
        }
        if (_filled > 0)
        {
            await SendFilledChunkAsync(cancellationToken);
        }
        await WaitForPendingAsync();
        var sha256 = Convert.ToHexStringLower(_hash.GetHashAndReset());
        await using (var command = new NpgsqlCommand(
            "UPDATE artifacts SET length = $2, sha256 = $3, chunk_count = $4 WHERE id = $1 RETURNING kind, content_type, created_at",
            _transaction.Connection, _transaction))
        {
            command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = Id });
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = Length });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = sha256 });
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = _chunkCount });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            _completed = new Artifact
            {
                Id = Id,
                Kind = reader.GetString(0),
                ContentType = reader.GetString(1),
                CreatedAt = reader.GetFieldValue<DateTimeOffset>(2),
                Length = Length,
                Sha256 = sha256,
                ChunkSize = ChunkSize,
                ChunkCount = _chunkCount,
            };
        }
        return _completed;
    }

    public async ValueTask DisposeAsync()
    {
        // A chunk may still be on its way: its buffer goes back to the pool only once Npgsql is done with it.
        try
        {
            await WaitForPendingAsync();
        }
        catch (Exception) when (_completed is null)
        {
            // The upload failed anyway; the caller's transaction rolls back.
        }
        await _insert.DisposeAsync();
        _hash.Dispose();
        ArrayPool<byte>.Shared.Return(_filling);
        ArrayPool<byte>.Shared.Return(_sending);
        _filling = _sending = [];
    }

    private async Task SendFilledChunkAsync(CancellationToken cancellationToken)
    {
        await WaitForPendingAsync();
        (_filling, _sending) = (_sending, _filling);
        _index.TypedValue = _chunkCount++;
        _data.TypedValue = _sending.AsMemory(0, _filled);
        _filled = 0;
        _pending = _insert.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task WaitForPendingAsync()
    {
        if (_pending is { } pending)
        {
            _pending = null;
            await pending;
        }
    }
}
