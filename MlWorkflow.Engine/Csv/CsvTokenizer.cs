using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace MlWorkflow.Engine.Csv;

/// <summary>
/// RFC 4180 record splitter over decoded text that arrives in pieces of any size. It keeps only the
/// current field (and only while capturing), counts physical lines (CRLF, LF and CR each end one)
/// and skips empty lines. Quotes open a field only at its start; a quote inside an unquoted field and
/// text after a closing quote are kept as literal characters.
/// </summary>
internal sealed class CsvTokenizer(char delimiter, char quote, CsvLimits limits, ICsvRecordHandler handler)
{
    private enum State { FieldStart, Unquoted, Quoted, QuoteInQuoted }

    private readonly List<string?> _fields = [];
    private State _state;
    private bool _afterCr;
    private bool _recordHasContent;
    private bool _fieldQuoted;
    private int _fieldCount;
    private int _fieldLength;
    private long _recordLine = 1;
    private long _quoteLine;
    private readonly CsvFieldBuffer _buffer = new();

    /// <summary>The 1-based physical line at the current position.</summary>
    public long Line { get; private set; } = 1;

    /// <summary>Keep field values and hand them to the handler.</summary>
    public bool Capture { get; set; }

    /// <summary>While set and <see cref="Capture"/> is off, records go here as text with field boundaries: no string per field.</summary>
    public ICsvRecordTextHandler? TextHandler { get; set; }

    /// <summary>While capturing a header, names are limited to <see cref="CsvLimits.MaxColumnNameChars"/> and their number to <see cref="CsvLimits.MaxColumns"/>.</summary>
    public bool CapturingHeader { get; set; }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Feed(ReadOnlySpan<char> chars)
    {
        var i = 0;
        while (i < chars.Length)
        {
            switch (_state)
            {
                case State.FieldStart when chars[i] == quote:
                    OpenQuote();
                    i++;
                    break;
                case State.FieldStart:
                case State.Unquoted:
                    i = ScanUnquoted(chars, i);
                    break;
                case State.Quoted:
                    i = ScanQuoted(chars, i);
                    break;
                case State.QuoteInQuoted when chars[i] == quote:
                    Append(chars.Slice(i++, 1));
                    _state = State.Quoted;
                    break;
                case State.QuoteInQuoted:
                    _state = State.Unquoted;
                    break;
            }
        }
    }

    /// <summary>End of the text: emits a last record without a line break; throws if a quote is still open.</summary>
    public void Finish()
    {
        if (_state == State.Quoted)
        {
            throw CsvErrors.UnterminatedQuote(_quoteLine);
        }
        EndRecord();
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int ScanUnquoted(ReadOnlySpan<char> chars, int i)
    {
        // Loops over the fields of a row here, not through Feed's switch: this is the hot path.
        while (true)
        {
            _state = State.Unquoted;
            var rest = chars[i..];
            var k = CsvScan.IndexOfAny(rest, delimiter, quote, '\r', '\n');
            if (k < 0)
            {
                Append(rest);
                return chars.Length;
            }
            if (k > 0)
            {
                Append(rest[..k]);
            }
            var c = rest[k];
            i += k + 1;
            if (c == delimiter)
            {
                EndField();
                _recordHasContent = true;
                _afterCr = false;
            }
            else if (c == '\n')
            {
                if (_afterCr)
                {
                    _afterCr = false;   // the LF of a CRLF whose CR ended the record
                    _state = State.FieldStart;
                }
                else
                {
                    Line++;
                    EndRecord();
                }
            }
            else if (c == '\r')
            {
                Line++;
                EndRecord();
                _afterCr = true;
            }
            else
            {
                Append(rest.Slice(k, 1));   // a quote inside an unquoted field is a literal character
                continue;
            }
            if (i == chars.Length)
            {
                return i;
            }
            if (chars[i] == quote)
            {
                OpenQuote();
                return i + 1;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int ScanQuoted(ReadOnlySpan<char> chars, int i)
    {
        while (true)
        {
            var rest = chars[i..];
            var k = CsvScan.IndexOfAny(rest, quote, '\r', '\n', '\n');
            if (k < 0)
            {
                Append(rest);
                return chars.Length;
            }
            if (k > 0)
            {
                Append(rest[..k]);
            }
            var c = rest[k];
            i += k + 1;
            if (c == quote)
            {
                _afterCr = false;
                if (i == chars.Length)
                {
                    _state = State.QuoteInQuoted;   // the next piece tells a doubled quote from a closing one
                    return i;
                }
                if (chars[i] != quote)
                {
                    _state = State.Unquoted;   // closed: a delimiter or line break should follow
                    return i;
                }
                Append(chars.Slice(i, 1));
                i++;
            }
            else
            {
                var crlf = c == '\n' && _afterCr;
                Append(rest.Slice(k, 1));
                if (!crlf)
                {
                    Line++;
                }
                _afterCr = c == '\r';
            }
        }
    }

    private void OpenQuote()
    {
        _state = State.Quoted;
        _fieldQuoted = true;
        _recordHasContent = true;
        _afterCr = false;
        _quoteLine = Line;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Append(ReadOnlySpan<char> text)
    {
        _afterCr = false;
        if (text.Length > FieldLimit - _fieldLength)
        {
            ThrowFieldTooLarge();
        }
        if (Capture || TextHandler is not null)
        {
            _buffer.Append(text);
        }
        _fieldLength += text.Length;
    }

    private int FieldLimit => CapturingHeader ? limits.MaxColumnNameChars : limits.MaxFieldChars;

    [DoesNotReturn]
    private void ThrowFieldTooLarge() => throw (CapturingHeader
        ? CsvErrors.ColumnNameTooLong(_fieldCount + 1, FieldLimit, _recordLine)
        : CsvErrors.FieldTooLarge(_recordLine, FieldLimit, _fieldQuoted, _quoteLine));

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void EndField()
    {
        if (Capture)
        {
            if (CapturingHeader && _fieldCount >= limits.MaxColumns)
            {
                throw CsvErrors.TooManyColumns(limits.MaxColumns, _recordLine);
            }
            _fields.Add(_buffer.Take());
        }
        else if (TextHandler is not null)
        {
            _buffer.EndField();
        }
        _fieldCount++;
        _fieldLength = 0;
        _fieldQuoted = false;
        _state = State.FieldStart;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void EndRecord()
    {
        if (_fieldCount > 0 || _fieldLength > 0 || _recordHasContent)
        {
            EndField();
            if (!Capture && TextHandler is not null)
            {
                TextHandler.OnRecordText(_buffer.RecordText, _buffer.FieldEnds, _recordLine);
            }
            else
            {
                handler.OnRecord(_fieldCount, _recordLine, _fields);
            }
        }
        _buffer.Clear();
        _fields.Clear();
        _fieldCount = 0;
        _fieldLength = 0;
        _recordHasContent = false;
        _fieldQuoted = false;
        _state = State.FieldStart;
        _recordLine = Line;
    }
}
