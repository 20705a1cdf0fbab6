using System.Runtime.CompilerServices;

namespace MlWorkflow.Engine.Profiling;

/// <summary>
/// A block of records copied out of the tokenizer column by column: each column's values lie back to
/// back in their own buffer. A column is then fed to its accumulator reading memory in order, so the
/// accumulator's tables get the cache to themselves; and columns can be handed to different threads.
/// </summary>
internal sealed class RecordBatch
{
    /// <summary>
    /// About 4 MB of text per batch (two batches exist, one being read while the other is accumulated):
    /// large enough that each column's tables, loaded into the cache once per batch, serve many values.
    /// </summary>
    private const int TargetChars = 1 << 21;
    private const int MaxRows = 16_384;

    private readonly ColumnBuffer[] _columns;
    private readonly int _capacity;
    private readonly ulong[] _rowHashes;
    private int _length;

    public RecordBatch(int columns)
    {
        _capacity = Math.Clamp(TargetChars / 8 / Math.Max(columns, 1), 16, MaxRows);
        _rowHashes = new ulong[_capacity];
        _columns = [.. Enumerable.Range(0, columns).Select(_ => new ColumnBuffer())];
    }

    public int Rows { get; private set; }

    /// <summary>Rows of this batch drawn into the correlation sample, with their slot in it.</summary>
    public List<(int Row, int Slot)> Sampled { get; } = [];

    /// <summary>Each row's hash (of its fields and their boundaries), for counting duplicate rows.</summary>
    public ReadOnlySpan<ulong> RowHashes => _rowHashes.AsSpan(0, Rows);

    public bool IsFull => Rows == _capacity || _length >= TargetChars;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Add(ReadOnlySpan<char> text, ReadOnlySpan<int> fieldEnds, ulong rowHash)
    {
        _rowHashes[Rows] = rowHash;
        var start = 0;
        for (var column = 0; column < fieldEnds.Length; column++)
        {
            var end = fieldEnds[column];
            _columns[column].Add(text[start..end], Rows);
            start = end;
        }
        _length += text.Length;
        Rows++;
    }

    public ReadOnlySpan<char> Field(int row, int column) => _columns[column].Field(row);

    public void Clear()
    {
        Rows = 0;
        _length = 0;
        Sampled.Clear();
        foreach (var column in _columns)
        {
            column.Clear();
        }
    }

    /// <summary>One column's values of the batch; starts small and grows to what the file needs.</summary>
    private sealed class ColumnBuffer
    {
        private int[] _ends = new int[64];
        private char[] _chars = new char[1_024];
        private int _length;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Add(ReadOnlySpan<char> value, int row)
        {
            if (_chars.Length - _length < value.Length)
            {
                Array.Resize(ref _chars, Math.Max(_chars.Length * 2, _length + value.Length));
            }
            if (row == _ends.Length)
            {
                Array.Resize(ref _ends, _ends.Length * 2);
            }
            value.CopyTo(_chars.AsSpan(_length));
            _length += value.Length;
            _ends[row] = _length;
        }

        public ReadOnlySpan<char> Field(int row)
        {
            var start = row == 0 ? 0 : _ends[row - 1];
            return _chars.AsSpan(start, _ends[row] - start);
        }

        public void Clear() => _length = 0;
    }
}
