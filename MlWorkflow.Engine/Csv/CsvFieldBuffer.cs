using System.Runtime.CompilerServices;

namespace MlWorkflow.Engine.Csv;

/// <summary>
/// The text of the field being read, kept only while the tokenizer captures values; or, for an
/// <see cref="ICsvRecordTextHandler"/>, the text of the whole record with the end of each field.
/// </summary>
internal sealed class CsvFieldBuffer
{
    private char[] _chars = new char[256];
    private int _length;
    private int[] _ends = new int[16];
    private int _fields;

    public ReadOnlySpan<char> RecordText => _chars.AsSpan(0, _length);

    public ReadOnlySpan<int> FieldEnds => _ends.AsSpan(0, _fields);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Append(ReadOnlySpan<char> text)
    {
        if (_chars.Length - _length < text.Length)
        {
            Array.Resize(ref _chars, Math.Max(_chars.Length * 2, _length + text.Length));
        }
        text.CopyTo(_chars.AsSpan(_length));
        _length += text.Length;
    }

    /// <summary>The field's value (<see langword="null"/> when empty); the buffer is then empty again.</summary>
    public string? Take()
    {
        var value = _length == 0 ? null : new string(_chars, 0, _length);
        _length = 0;
        return value;
    }

    /// <summary>Ends the current field of the record, keeping its text in <see cref="RecordText"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void EndField()
    {
        if (_fields == _ends.Length)
        {
            Array.Resize(ref _ends, _ends.Length * 2);
        }
        _ends[_fields++] = _length;
    }

    public void Clear()
    {
        _length = 0;
        _fields = 0;
    }
}
