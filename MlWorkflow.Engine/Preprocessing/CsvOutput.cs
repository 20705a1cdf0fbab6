using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace MlWorkflow.Engine.Preprocessing;

/// <summary>Receives a row's output cells in order.</summary>
internal interface ICellWriter
{
    void Missing();

    void Text(ReadOnlySpan<char> text);

    void Number(double value);

    void Integer(long value);
}

/// <summary>
/// Writes rows as UTF-8 CSV (no byte-order mark, comma, \n): a field with a comma, quote or line break is quoted with
/// quotes doubled (RFC 4180); a missing value is an empty field. Text gathers in memory until <see cref="FlushAsync"/>.
/// </summary>
internal sealed class CsvOutput(Stream stream) : ICellWriter
{
    private static readonly SearchValues<char> s_special = SearchValues.Create(",\"\r\n");
    private static readonly UTF8Encoding s_utf8 = new(encoderShouldEmitUTF8Identifier: false);

    private char[] _chars = new char[1 << 16];
    private byte[] _bytes = [];
    private int _length;
    private int _rowStart;
    private bool _rowStarted;

    public long Rows { get; private set; }

    public void Missing() => Separator();

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Text(ReadOnlySpan<char> text)
    {
        Separator();
        if (text.ContainsAny(s_special))
        {
            Reserve(text.Length * 2 + 2);
            _chars[_length++] = '"';
            foreach (var c in text)
            {
                if (c == '"')
                {
                    _chars[_length++] = '"';
                }
                _chars[_length++] = c;
            }
            _chars[_length++] = '"';
            return;
        }
        Reserve(text.Length);
        text.CopyTo(_chars.AsSpan(_length));
        _length += text.Length;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Number(double value)
    {
        Separator();
        Reserve(CellFormat.MaxNumberChars);
        _length += CellFormat.Number(value, _chars.AsSpan(_length));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Integer(long value)
    {
        Separator();
        Reserve(20);
        value.TryFormat(_chars.AsSpan(_length), out var written, default, CultureInfo.InvariantCulture);
        _length += written;
    }

    public void EndRow()
    {
        // A row of one empty field would be an empty line, which readers skip: write it as "".
        if (_length == _rowStart)
        {
            Reserve(2);
            _chars[_length++] = '"';
            _chars[_length++] = '"';
        }
        Reserve(1);
        _chars[_length++] = '\n';
        _rowStart = _length;
        _rowStarted = false;
        Rows++;
    }

    public async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        if (_length == 0)
        {
            return;
        }
        var needed = s_utf8.GetMaxByteCount(_length);
        if (_bytes.Length < needed)
        {
            _bytes = new byte[Math.Max(needed, _bytes.Length * 2)];
        }
        var count = s_utf8.GetBytes(_chars, 0, _length, _bytes, 0);
        _length = 0;
        _rowStart = 0;
        await stream.WriteAsync(_bytes.AsMemory(0, count), cancellationToken);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Separator()
    {
        if (_rowStarted)
        {
            Reserve(1);
            _chars[_length++] = ',';
        }
        _rowStarted = true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Reserve(int count)
    {
        if (_chars.Length - _length < count)
        {
            Array.Resize(ref _chars, Math.Max(_chars.Length * 2, _length + count));
        }
    }
}

/// <summary>Collects a row's cells as strings, formatted as <see cref="CsvOutput"/> writes them (null = missing).</summary>
internal sealed class CellList : ICellWriter
{
    public List<string?> Cells { get; } = [];

    public void Missing() => Cells.Add(null);

    public void Text(ReadOnlySpan<char> text) => Cells.Add(new string(text));

    public void Number(double value) => Cells.Add(CellFormat.Number(value));

    public void Integer(long value) => Cells.Add(value.ToString(CultureInfo.InvariantCulture));
}
