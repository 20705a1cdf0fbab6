namespace MlWorkflow.Web.Services;

/// <summary>
/// A read-only pass-through stream that reports how many bytes have been read so far, and keeps the error of a
/// failed read (HttpClient wraps it, so the caller could not tell a source failure from a network one).
/// </summary>
public sealed class ProgressStream(Stream inner, Action<long> onProgress) : Stream
{
    private long _position;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => inner.Length;

    public Exception? ReadError { get; private set; }

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        try
        {
            return Advance(inner.Read(buffer));
        }
        catch (Exception exception)
        {
            ReadError = exception;
            throw;
        }
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        try
        {
            return Advance(await inner.ReadAsync(buffer, cancellationToken));
        }
        catch (Exception exception)
        {
            ReadError = exception;
            throw;
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }
        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await inner.DisposeAsync();
        await base.DisposeAsync();
    }

    private int Advance(int read)
    {
        _position += read;
        onProgress(_position);
        return read;
    }
}
