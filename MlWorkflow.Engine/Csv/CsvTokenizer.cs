using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace MlWorkflow.Engine.Csv;

/// <summary>
/// RFC 4180 record splitter over decoded text that arrives in pieces of any size. It counts physical lines
/// (CRLF, LF and CR each end one) and skips empty lines. Quotes open a field only at its start; a quote
/// inside an unquoted field and text after a closing quote are kept as literal characters.
/// </summary>
/// <remarks>
/// The text is decoded straight into the tokenizer's own buffer (<see cref="GetSpace"/>, <see cref="Advance"/>),
/// where a record's fields stay: a field is a span of that buffer, not a copy. Quoted values are compacted in
/// place over the quotes they lose. Only the unfinished record is moved to the front when the buffer fills, and
/// only while someone reads the values (<see cref="Capture"/> or <see cref="TextHandler"/>); otherwise just the
/// counts are kept. The search for delimiters, quotes and line breaks looks at 64 characters at once.
/// </remarks>
internal sealed class CsvTokenizer
{
    private const int Chunk = 64;
    // 64 KB to start with, below the large-object heap's 85,000 bytes: an upload's inspection makes five tokenizers.
    private const int InitialChars = 32_768 - Chunk;
    private const int MinimumSpace = 4_096;

    private readonly char _delimiter;
    private readonly char _quote;
    private readonly CsvLimits _limits;
    private readonly ICsvRecordHandler _handler;
    private readonly List<string?> _values = [];

    // Text from _recordStart to _length is the unfinished record; _scanned is where the search resumes.
    private char[] _chars = new char[InitialChars + Chunk];
    private int _length;
    private int _scanned;
    private int _recordStart;

    // The field being read: its value starts at _fieldStart and has lost _removed quotes so far; the text
    // from _segment on has yet to be moved left over them. Positions are indexes in _chars.
    private int _fieldStart;
    private int _segment;
    private int _removed;
    private int _closedAt = -2;
    private int _crAt = -2;
    private bool _inQuotes;
    private bool _quoted;

    // Field bounds of the current record, relative to _recordStart; _dropped counts fields no longer held.
    private int[] _starts = new int[32];
    private int[] _ends = new int[32];
    private int _fields;
    private int _dropped;
    private int _fieldSlots;
    private int _fieldLimit;
    private long _recordLine = 1;
    private long _quoteLine;

    private bool _capture;
    private bool _capturingHeader;
    private ICsvRecordTextHandler? _textHandler;

    public CsvTokenizer(char delimiter, char quote, CsvLimits limits, ICsvRecordHandler handler)
    {
        _delimiter = delimiter;
        _quote = quote;
        _limits = limits;
        _handler = handler;
        ModeChanged();
    }

    /// <summary>The 1-based physical line at the current position.</summary>
    public long Line { get; private set; } = 1;

    /// <summary>Keep field values and hand them to the handler as strings.</summary>
    public bool Capture
    {
        get => _capture;
        set
        {
            _capture = value;
            ModeChanged();
        }
    }

    /// <summary>While set and <see cref="Capture"/> is off, records go here as spans of the buffer: no string per field.</summary>
    public ICsvRecordTextHandler? TextHandler
    {
        get => _textHandler;
        set
        {
            _textHandler = value;
            ModeChanged();
        }
    }

    /// <summary>While capturing a header, names are limited to <see cref="CsvLimits.MaxColumnNameChars"/> and their number to <see cref="CsvLimits.MaxColumns"/>.</summary>
    public bool CapturingHeader
    {
        get => _capturingHeader;
        set
        {
            _capturingHeader = value;
            ModeChanged();
        }
    }

    private bool KeepsText => _capture || _textHandler is not null;

    private bool LimitsColumns => _capture && _capturingHeader;

    /// <summary>Where to decode the next text (at least a few thousand characters); then call <see cref="Advance"/>.</summary>
    public Span<char> GetSpace()
    {
        if (_chars.Length - Chunk - _length < MinimumSpace)
        {
            MakeSpace();
        }
        return _chars.AsSpan(_length, _chars.Length - Chunk - _length);
    }

    /// <summary>Splits the <paramref name="count"/> characters just written at the start of <see cref="GetSpace"/>.</summary>
    public void Advance(int count)
    {
        _length += count;
        Scan();
        // A field is reported as soon as it outgrows its limit, before anything else is read (the limit bounds the buffer).
        if (_length - _removed - _fieldStart > _fieldLimit)
        {
            ThrowFieldTooLarge();
        }
    }

    /// <summary>Splits text from elsewhere (copied into the buffer).</summary>
    public void Feed(ReadOnlySpan<char> chars)
    {
        while (chars.Length > 0)
        {
            var space = GetSpace();
            var count = Math.Min(space.Length, chars.Length);
            chars[..count].CopyTo(space);
            chars = chars[count..];
            Advance(count);
        }
    }

    /// <summary>End of the text: emits a last record without a line break; throws if a quote is still open.</summary>
    public void Finish()
    {
        if (_inQuotes)
        {
            throw CsvErrors.UnterminatedQuote(_quoteLine);
        }
        EndRecord(_length);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Scan()
    {
        var chars = _chars;
        var length = _length;
        var delimiter = _delimiter;
        var quote = _quote;
        for (var chunk = _scanned; chunk < length; chunk += Chunk)
        {
            var mask = Specials(chars, chunk, delimiter, quote);
            if (length - chunk < Chunk)
            {
                mask &= (1ul << (length - chunk)) - 1;
            }
            while (mask != 0)
            {
                var at = chunk + BitOperations.TrailingZeroCount(mask);
                mask &= mask - 1;
                var c = chars[at];
                if (_inQuotes)
                {
                    if (c == quote)
                    {
                        // Closing, or the first of a doubled quote: either way one quote goes.
                        _inQuotes = false;
                        RemoveAt(at);
                        _closedAt = at;
                    }
                    else if (c == '\r')
                    {
                        Line++;
                        _crAt = at;
                    }
                    else if (c == '\n' && _crAt != at - 1)
                    {
                        Line++;
                    }
                }
                else if (c == delimiter)
                {
                    EndField(at);
                    _fieldStart = at + 1;
                }
                else if (c == quote)
                {
                    if (at == _fieldStart && !_quoted)
                    {
                        _inQuotes = true;
                        _quoted = true;
                        _fieldStart = _segment = at + 1;
                        _quoteLine = Line;
                    }
                    else if (_quoted && at == _closedAt + 1)
                    {
                        _inQuotes = true;   // a doubled quote: the one removed stands for both
                    }
                }
                else if (c == '\n' && _crAt == at - 1)
                {
                    _fieldStart = _recordStart = at + 1;   // the LF of a CRLF whose CR ended the record
                }
                else
                {
                    Line++;
                    if (c == '\r')
                    {
                        _crAt = at;
                    }
                    EndRecord(at);
                    _fieldStart = _recordStart = at + 1;
                }
            }
        }
        _scanned = length;
    }

    /// <summary>A bit for each delimiter, quote, CR or LF among the 64 characters from <paramref name="at"/> (the buffer has room past its text).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Specials(char[] chars, int at, char delimiter, char quote)
    {
        ref var start = ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetArrayDataReference(chars));
        if (Vector512.IsHardwareAccelerated)
        {
            var low = Vector512.LoadUnsafe(ref start, (nuint)at);
            var high = Vector512.LoadUnsafe(ref start, (nuint)at + 32);
            return Vector512.Narrow(Matches(low, delimiter, quote), Matches(high, delimiter, quote)).ExtractMostSignificantBits();
        }
        if (Vector256.IsHardwareAccelerated)
        {
            var mask = 0ul;
            for (var i = 0; i < Chunk; i += 32)
            {
                var low = Vector256.LoadUnsafe(ref start, (nuint)(at + i));
                var high = Vector256.LoadUnsafe(ref start, (nuint)(at + i + 16));
                mask |= (ulong)Vector256.Narrow(Matches(low, delimiter, quote), Matches(high, delimiter, quote)).ExtractMostSignificantBits() << i;
            }
            return mask;
        }
        if (Vector128.IsHardwareAccelerated)
        {
            var mask = 0ul;
            for (var i = 0; i < Chunk; i += 16)
            {
                var low = Vector128.LoadUnsafe(ref start, (nuint)(at + i));
                var high = Vector128.LoadUnsafe(ref start, (nuint)(at + i + 8));
                mask |= (ulong)Vector128.Narrow(Matches(low, delimiter, quote), Matches(high, delimiter, quote)).ExtractMostSignificantBits() << i;
            }
            return mask;
        }
        var bits = 0ul;
        for (var i = 0; i < Chunk; i++)
        {
            var c = chars[at + i];
            if (c == delimiter || c == quote || c == '\r' || c == '\n')
            {
                bits |= 1ul << i;
            }
        }
        return bits;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<ushort> Matches(Vector512<ushort> text, char delimiter, char quote) =>
        Vector512.Equals(text, Vector512.Create((ushort)delimiter)) | Vector512.Equals(text, Vector512.Create((ushort)quote))
        | Vector512.Equals(text, Vector512.Create((ushort)'\r')) | Vector512.Equals(text, Vector512.Create((ushort)'\n'));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ushort> Matches(Vector256<ushort> text, char delimiter, char quote) =>
        Vector256.Equals(text, Vector256.Create((ushort)delimiter)) | Vector256.Equals(text, Vector256.Create((ushort)quote))
        | Vector256.Equals(text, Vector256.Create((ushort)'\r')) | Vector256.Equals(text, Vector256.Create((ushort)'\n'));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<ushort> Matches(Vector128<ushort> text, char delimiter, char quote) =>
        Vector128.Equals(text, Vector128.Create((ushort)delimiter)) | Vector128.Equals(text, Vector128.Create((ushort)quote))
        | Vector128.Equals(text, Vector128.Create((ushort)'\r')) | Vector128.Equals(text, Vector128.Create((ushort)'\n'));

    /// <summary>Drops the quote at <paramref name="at"/> from the field's value, moving the text before it left over earlier drops.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void RemoveAt(int at)
    {
        if (_removed > 0)
        {
            _chars.AsSpan(_segment, at - _segment).CopyTo(_chars.AsSpan(_segment - _removed));
        }
        _removed++;
        _segment = at + 1;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void EndField(int at)
    {
        var end = at;
        if (_removed > 0)
        {
            _chars.AsSpan(_segment, at - _segment).CopyTo(_chars.AsSpan(_segment - _removed));
            end -= _removed;
            _removed = 0;
        }
        if (end - _fieldStart > _fieldLimit)
        {
            ThrowFieldTooLarge();
        }
        if (_fields == _fieldSlots)
        {
            MoreFieldSlots();
        }
        _starts[_fields] = _fieldStart - _recordStart;
        _ends[_fields] = end - _recordStart;
        _fields++;
        _quoted = false;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void EndRecord(int at)
    {
        if (_dropped + _fields > 0 || _quoted || at != _fieldStart)
        {
            EndField(at);
            Emit();
        }
        _fields = 0;
        _dropped = 0;
        _quoted = false;
        _recordLine = Line;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Emit()
    {
        var count = _dropped + _fields;
        if (_capture)
        {
            var record = _chars.AsSpan(_recordStart);
            for (var i = 0; i < _fields; i++)
            {
                var value = record[_starts[i].._ends[i]];
                _values.Add(value.IsEmpty ? null : new string(value));
            }
            try
            {
                _handler.OnRecord(count, _recordLine, _values);
            }
            finally
            {
                _values.Clear();
            }
        }
        else if (_textHandler is not null)
        {
            var fields = _ends.AsSpan(0, _fields);
            _textHandler.OnRecordText(new CsvRecord(_chars.AsSpan(_recordStart, fields[^1]), _starts.AsSpan(0, _fields), fields), _recordLine);
        }
        else
        {
            _handler.OnRecord(count, _recordLine, _values);
        }
    }

    private void MoreFieldSlots()
    {
        if (LimitsColumns && _dropped + _fields >= _limits.MaxColumns)
        {
            throw CsvErrors.TooManyColumns(_limits.MaxColumns, _recordLine);
        }
        Array.Resize(ref _starts, _starts.Length * 2);
        Array.Resize(ref _ends, _ends.Length * 2);
        ModeChanged();
    }

    private void ModeChanged()
    {
        _fieldLimit = _capturingHeader ? _limits.MaxColumnNameChars : _limits.MaxFieldChars;
        _fieldSlots = LimitsColumns ? Math.Min(_starts.Length, _limits.MaxColumns) : _starts.Length;
    }

    [DoesNotReturn]
    private void ThrowFieldTooLarge() => throw (_capturingHeader
        ? CsvErrors.ColumnNameTooLong(_dropped + _fields + 1, _fieldLimit, _recordLine)
        : CsvErrors.FieldTooLarge(_recordLine, _fieldLimit, _quoted, _quoteLine));

    /// <summary>Frees the text of finished records (and, when nobody reads values, of the unfinished one), growing the buffer if a record fills it.</summary>
    private void MakeSpace()
    {
        int from;
        if (KeepsText)
        {
            from = _recordStart;
            _chars.AsSpan(from, _length - from).CopyTo(_chars);
            _fieldStart -= from;
            _segment -= from;
        }
        else
        {
            // Only the counts matter: the field's length so far stays as a start before the buffer.
            from = _length;
            _fieldStart = -(from - _removed - _fieldStart);
            _segment = 0;
            _removed = 0;
            _dropped += _fields;
            _fields = 0;
        }
        _recordStart = Math.Max(_recordStart - from, 0);
        _closedAt = Math.Max(_closedAt - from, -2);
        _crAt = Math.Max(_crAt - from, -2);
        _length -= from;
        _scanned -= from;
        if (_chars.Length - Chunk - _length < MinimumSpace)
        {
            Array.Resize(ref _chars, (_chars.Length - Chunk) * 2 + Chunk);
        }
    }
}
