namespace MlWorkflow.Engine.Csv;

/// <summary>
/// One record's fields as spans of the tokenizer's buffer (quotes removed, doubled quotes undone), in the order
/// they were read; valid only during the call that receives it.
/// </summary>
internal readonly ref struct CsvRecord
{
    private readonly ReadOnlySpan<char> _text;
    private readonly ReadOnlySpan<int> _starts;
    private readonly ReadOnlySpan<int> _ends;

    /// <param name="text">The record's text; its fields lie in it in order, apart (delimiters, removed quotes).</param>
    /// <param name="starts">For each field, the offset in <paramref name="text"/> of its first character.</param>
    /// <param name="ends">For each field, the offset in <paramref name="text"/> just past its last character.</param>
    public CsvRecord(ReadOnlySpan<char> text, ReadOnlySpan<int> starts, ReadOnlySpan<int> ends)
    {
        _text = text;
        _starts = starts;
        _ends = ends;
    }

    /// <summary>Fields in the record (at least one).</summary>
    public int Count => _ends.Length;

    /// <summary>The length of the text the fields lie in: at least the sum of their lengths.</summary>
    public int TextLength => _text.Length;

    public ReadOnlySpan<char> this[int field] => _text[_starts[field].._ends[field]];
}
