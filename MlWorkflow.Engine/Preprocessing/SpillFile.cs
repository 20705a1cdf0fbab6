using System.Runtime.InteropServices;

namespace MlWorkflow.Engine.Preprocessing;

/// <summary>
/// Values in row order in a temporary file (8 bytes each), written once while reading the CSV and read back as often
/// as fitting needs; deleted when disposed. Only one small buffer lives in memory.
/// </summary>
internal sealed class SpillFile<T> : IDisposable where T : unmanaged
{
    private const int BufferValues = 8_192;

    private readonly FileStream _file;
    private readonly T[] _buffer = new T[BufferValues];
    private int _buffered;

    public SpillFile(string directory)
    {
        _file = new FileStream(Path.Combine(directory, $"mlworkflow-spill-{Guid.NewGuid():N}.bin"), FileMode.CreateNew, FileAccess.ReadWrite,
            FileShare.None, 1, FileOptions.DeleteOnClose);
    }

    public long Count { get; private set; }

    public void Add(T value)
    {
        _buffer[_buffered++] = value;
        Count++;
        if (_buffered == BufferValues)
        {
            Flush();
        }
    }

    public void Flush()
    {
        _file.Write(MemoryMarshal.AsBytes(_buffer.AsSpan(0, _buffered)));
        _buffered = 0;
    }

    /// <summary>Calls <paramref name="block"/> with the values in order, a block at a time, with the index of the block's first value.</summary>
    public void Read(T[] buffer, Action<Span<T>, long> block)
    {
        Flush();
        _file.Position = 0;
        long first = 0;
        while (true)
        {
            var bytes = _file.ReadAtLeast(MemoryMarshal.AsBytes(buffer.AsSpan()), MemoryMarshal.AsBytes(buffer.AsSpan()).Length, throwOnEndOfStream: false);
            var count = bytes / Marshal.SizeOf<T>();
            if (count == 0)
            {
                return;
            }
            block(buffer.AsSpan(0, count), first);
            first += count;
        }
    }

    public T At(long index)
    {
        Flush();
        Span<T> one = stackalloc T[1];
        _file.Position = index * Marshal.SizeOf<T>();
        _file.ReadExactly(MemoryMarshal.AsBytes(one));
        return one[0];
    }

    public void Dispose() => _file.Dispose();
}
