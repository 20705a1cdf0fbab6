using System.Runtime.CompilerServices;

namespace MlWorkflow.Engine.Csv;

/// <summary>
/// A record's values copied one after another, with the end of each: the form whose hash stands for the row when
/// duplicate rows are counted or dropped (it depends on the values only, not on how they were quoted).
/// </summary>
internal sealed class CsvJoinedRecord
{
    private char[] _chars = new char[256];
    private int[] _ends = new int[16];
    private int _length;
    private int _fields;

    public ReadOnlySpan<char> Text => _chars.AsSpan(0, _length);

    /// <summary>For each field, the offset in <see cref="Text"/> just past its last character.</summary>
    public ReadOnlySpan<int> FieldEnds => _ends.AsSpan(0, _fields);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Join(CsvRecord record)
    {
        if (_chars.Length < record.TextLength)
        {
            _chars = new char[Math.Max(_chars.Length * 2, record.TextLength)];
        }
        if (_ends.Length < record.Count)
        {
            _ends = new int[Math.Max(_ends.Length * 2, record.Count)];
        }
        var chars = _chars.AsSpan();
        var length = 0;
        for (var i = 0; i < record.Count; i++)
        {
            var value = record[i];
            value.CopyTo(chars[length..]);
            length += value.Length;
            _ends[i] = length;
        }
        _length = length;
        _fields = record.Count;
    }
}
