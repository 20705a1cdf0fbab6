using System.Data;
using System.Security.Cryptography;
using Npgsql;

namespace MlWorkflow.Core.Artifacts;

/// <summary>
/// Streams an artifact's chunks in index order, one query per chunk read with sequential access, so
/// neither a chunk nor the file is ever buffered whole and stopping early (a preview) costs at most
/// the rest of one chunk. Checks as it goes that chunks exist and are full-sized, and at the end that
/// the length and SHA-256 are the recorded ones; any mismatch throws <see cref="ArtifactIntegrityException"/>.
/// Owns its connection and the snapshot transaction all chunk reads share.
/// </summary>
public sealed class ArtifactReadStream : Stream
{
    private readonly NpgsqlConnection _connection;
    private readonly NpgsqlTransaction _transaction;
    private readonly NpgsqlCommand _command;
    private readonly NpgsqlParameter<int> _index = new();
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private NpgsqlDataReader? _reader;
    private Stream? _chunk;
    private long _chunkLength;
    private int _nextIndex;
    private long _position;
    private bool _finished;
    private bool _disposed;

    private ArtifactReadStream(NpgsqlConnection connection, NpgsqlTransaction transaction, Artifact artifact)
    {
        _connection = connection;
        _transaction = transaction;
        Artifact = artifact;
        _command = new NpgsqlCommand(
            "SELECT data FROM artifact_chunks WHERE artifact_id = $1 AND \"index\" = $2", connection, transaction)
        {
            Parameters = { new NpgsqlParameter<Guid> { TypedValue = artifact.Id }, _index },
        };
    }

    public Artifact Artifact { get; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    /// <summary>The recorded length (known up front even though the stream cannot seek).</summary>
    public override long Length => Artifact.Length;

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    internal static async Task<ArtifactReadStream?> OpenAsync(NpgsqlConnection connection, Guid id, CancellationToken cancellationToken)
    {
        // One snapshot for the metadata and the chunks, so a concurrent delete cannot tear the read.
        var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
        Artifact artifact;
        await using (var metadata = new NpgsqlCommand(
            "SELECT kind, content_type, length, sha256, chunk_size, chunk_count, created_at FROM artifacts WHERE id = $1",
            connection, transaction))
        {
            metadata.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = id });
            await using var row = await metadata.ExecuteReaderAsync(cancellationToken);
            if (!await row.ReadAsync(cancellationToken))
            {
                await transaction.DisposeAsync();
                return null;
            }
            artifact = new Artifact
            {
                Id = id,
                Kind = row.GetString(0),
                ContentType = row.GetString(1),
                Length = row.GetInt64(2),
                Sha256 = row.GetString(3),
                ChunkSize = row.GetInt32(4),
                ChunkCount = row.GetInt32(5),
                CreatedAt = row.GetFieldValue<DateTimeOffset>(6),
            };
        }
        return new ArtifactReadStream(connection, transaction, artifact);
    }

    public override int Read(byte[] buffer, int offset, int count) =>
        ReadCoreAsync(buffer.AsMemory(offset, count), async: false, CancellationToken.None).AsTask().GetAwaiter().GetResult();

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadCoreAsync(buffer.AsMemory(offset, count), async: true, cancellationToken).AsTask();

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ReadCoreAsync(buffer, async: true, cancellationToken);

    private async ValueTask<int> ReadCoreAsync(Memory<byte> buffer, bool async, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        while (!buffer.IsEmpty && !_finished)
        {
            if (_chunk is null)
            {
                if (_nextIndex == Artifact.ChunkCount)
                {
                    Finish();
                    return 0;
                }
                _index.TypedValue = _nextIndex;
                _reader = async
                    ? await _command.ExecuteReaderAsync(CommandBehavior.SequentialAccess, cancellationToken)
                    : _command.ExecuteReader(CommandBehavior.SequentialAccess);
                if (!(async ? await _reader.ReadAsync(cancellationToken) : _reader.Read()))
                {
                    throw Corrupt($"chunk {_nextIndex} of {Artifact.ChunkCount} is missing.");
                }
                _chunk = async ? await _reader.GetStreamAsync(0, cancellationToken) : _reader.GetStream(0);
                _chunkLength = 0;
            }

            var read = async ? await _chunk.ReadAsync(buffer, cancellationToken) : _chunk.Read(buffer.Span);
            if (read == 0)
            {
                await EndChunkAsync(async);
                continue;
            }
            _chunkLength += read;
            _position += read;
            if (_position > Artifact.Length)
            {
                throw Corrupt($"it holds more than the recorded {Artifact.Length} bytes.");
            }
            _hash.AppendData(buffer.Span[..read]);
            return read;
        }
        return 0;
    }

    private async ValueTask EndChunkAsync(bool async)
    {
        var isLast = _nextIndex == Artifact.ChunkCount - 1;
        if (!isLast && _chunkLength != Artifact.ChunkSize)
        {
            throw Corrupt($"chunk {_nextIndex} has {_chunkLength} bytes instead of {Artifact.ChunkSize}.");
        }
        await CloseChunkAsync(async);
        _nextIndex++;
    }

    private async ValueTask CloseChunkAsync(bool async)
    {
        if (async)
        {
            if (_chunk is not null)
            {
                await _chunk.DisposeAsync();
            }
            if (_reader is not null)
            {
                await _reader.DisposeAsync();
            }
        }
        else
        {
            _chunk?.Dispose();
            _reader?.Dispose();
        }
        _chunk = null;
        _reader = null;
    }

    private void Finish()
    {
        _finished = true;
        if (_position != Artifact.Length)
        {
            throw Corrupt($"it has {_position} bytes instead of {Artifact.Length}.");
        }
        var sha256 = Convert.ToHexStringLower(_hash.GetHashAndReset());
        if (!string.Equals(sha256, Artifact.Sha256, StringComparison.Ordinal))
        {
            throw Corrupt($"its SHA-256 is {sha256} instead of {Artifact.Sha256}.");
        }
    }

    private ArtifactIntegrityException Corrupt(string message) => new(Artifact.Id, message);

    public override async ValueTask DisposeAsync()
    {
        if (!_disposed)
        {
            _disposed = true;
            await CloseChunkAsync(async: true);
            await _command.DisposeAsync();
            await _transaction.DisposeAsync();
            await _connection.DisposeAsync();
            _hash.Dispose();
        }
        GC.SuppressFinalize(this);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            _disposed = true;
            CloseChunkAsync(async: false).AsTask().GetAwaiter().GetResult();
            _command.Dispose();
            _transaction.Dispose();
            _connection.Dispose();
            _hash.Dispose();
        }
        base.Dispose(disposing);
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
