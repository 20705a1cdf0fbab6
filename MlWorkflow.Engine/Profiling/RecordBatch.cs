namespace MlWorkflow.Engine.Profiling;

/// <summary>
/// A block of records copied out of the tokenizer: their text back to back and the end of every field
/// (row-major). Columns are then fed one at a time, which keeps each column's state hot in cache and lets
/// columns be split across threads.
/// </summary>
internal sealed class RecordBatch(int columns)
{
    private const int TargetChars = 1 << 20;

    private readonly int _capacity = RowsFor(columns);
    private readonly int[] _ends = new int[RowsFor(columns) * columns];
    private char[] _chars = new char[TargetChars];
    private int _length;

    public int Rows { get; private set; }

    public bool IsFull => Rows == _capacity || _length >= TargetChars;

    /// <summary>False when a record of this many characters would grow the text buffer (a lone record larger than it still fits).</summary>
    public bool Fits(int chars) => Rows == 0 || chars <= _chars.Length - _length;

    public void Add(ReadOnlySpan<char> text, ReadOnlySpan<int> fieldEnds)
    {
        if (_chars.Length - _length < text.Length)
        {
            Array.Resize(ref _chars, Math.Max(_chars.Length * 2, _length + text.Length));
        }
        text.CopyTo(_chars.AsSpan(_length));
        var ends = _ends.AsSpan(Rows * columns, columns);
        for (var i = 0; i < ends.Length; i++)
        {
            ends[i] = _length + fieldEnds[i];
        }
        _length += text.Length;
        Rows++;
    }

    public ReadOnlySpan<char> Field(int row, int column)
    {
        var index = row * columns + column;
        var start = index == 0 ? 0 : _ends[index - 1];
        return _chars.AsSpan(start, _ends[index] - start);
    }

    /// <summary>About 16 characters per field fill the text buffer; between 16 and 8,192 rows.</summary>
    private static int RowsFor(int columns) => Math.Clamp(TargetChars / 16 / Math.Max(columns, 1), 16, 8_192);

    public void Clear()
    {
        Rows = 0;
        _length = 0;
    }
}
