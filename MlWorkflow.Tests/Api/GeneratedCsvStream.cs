using System.Security.Cryptography;
using System.Text;

namespace MlWorkflow.Tests.Api;

/// <summary>
/// A CSV of at least the target number of bytes produced as it is read: a header, then one
/// 64 KiB block of varied rows repeated, so making it costs a memory copy and nothing lands on disk or
/// in memory whole. Not seekable, so HttpClient sends it chunked like a real upload stream. After the
/// last read, <see cref="Sha256"/> holds the hash of everything read.
/// </summary>
public sealed class GeneratedCsvStream : Stream
{
    private static readonly byte[] s_header = "id,amount,category,flag,note\n"u8.ToArray();
    private readonly byte[] _block;
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private long _position;

    public GeneratedCsvStream(long targetBytes)
    {
        var rows = new StringBuilder();
        var rowsPerBlock = 0;
        while (rows.Length < 64 * 1024 - 64)
        {
            var i = rowsPerBlock++;
            rows.Append($"{i},{i * 37 % 100_003 / 100.0:F2},category_{i % 17},{i % 3 == 0},\"note, {i % 1_000}\"\n");
        }
        _block = Encoding.UTF8.GetBytes(rows.ToString());
        var blocks = (targetBytes - s_header.Length + _block.Length - 1) / _block.Length;
        TotalLength = s_header.Length + blocks * _block.Length;
        Rows = blocks * rowsPerBlock;
    }

    public long TotalLength { get; }

    public long Rows { get; }

    public string Sha256 { get; private set; } = "";

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override int Read(Span<byte> buffer)
    {
        var written = 0;
        while (written < buffer.Length && _position < TotalLength)
        {
            ReadOnlySpan<byte> source = _position < s_header.Length
                ? s_header.AsSpan((int)_position)
                : _block.AsSpan((int)((_position - s_header.Length) % _block.Length));
            var count = Math.Min(source.Length, buffer.Length - written);
            source[..count].CopyTo(buffer[written..]);
            written += count;
            _position += count;
        }
        _hash.AppendData(buffer[..written]);
        if (_position == TotalLength && Sha256.Length == 0)
        {
            Sha256 = Convert.ToHexStringLower(_hash.GetHashAndReset());
        }
        return written;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer.AsSpan(offset, count)));

    protected override void Dispose(bool disposing)
    {
        _hash.Dispose();
        base.Dispose(disposing);
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
