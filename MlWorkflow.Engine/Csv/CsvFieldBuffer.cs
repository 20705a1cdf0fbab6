namespace MlWorkflow.Engine.Csv;

/// <summary>The text of the field being read, kept only while the tokenizer captures values.</summary>
internal sealed class CsvFieldBuffer
{
    private char[] _chars = new char[256];
    private int _length;

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
}
