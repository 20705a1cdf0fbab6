namespace MlWorkflow.Engine.Csv;

/// <summary>
/// Checks that a file is a well-formed table while it streams by: feed every byte in order with
/// <see cref="Append"/>, then call <see cref="Complete"/>. Only the sniff window, one decoded block and
/// the header are kept in memory. A problem throws <see cref="CsvFormatException"/> as soon as it is seen,
/// after which the inspector cannot be used again.
/// </summary>
public sealed class CsvInspector(CsvLimits limits) : ICsvRecordHandler
{
    private byte[]? _window = new byte[Math.Max(limits.SniffBytes, 16)];
    private int _windowLength;
    private CsvDialect? _dialect;
    private CsvByteDecoder? _decoder;
    private CsvTokenizer? _tokenizer;
    private string[]? _columns;
    private long _headerLine;
    private long _rows;
    private long _bytes;
    private bool _finished;

    public CsvInspector() : this(CsvLimits.Default)
    {
    }

    public void Append(ReadOnlySpan<byte> bytes)
    {
        ThrowIfFinished();
        try
        {
            _bytes += bytes.Length;
            if (_window is not null)
            {
                var taken = Math.Min(bytes.Length, _window.Length - _windowLength);
                bytes[..taken].CopyTo(_window.AsSpan(_windowLength));
                _windowLength += taken;
                bytes = bytes[taken..];
                if (_windowLength < _window.Length)
                {
                    return;
                }
                Start(complete: false);
            }
            Decode(bytes);
        }
        catch (CsvFormatException)
        {
            _finished = true;
            throw;
        }
    }

    public CsvInspection Complete()
    {
        ThrowIfFinished();
        _finished = true;
        if (_window is not null)
        {
            Start(complete: true);
        }
        if (!_decoder!.Flush())
        {
            throw _decoder.Invalid(_tokenizer!.Line);
        }
        _tokenizer!.Finish();
        if (_columns is null)
        {
            throw CsvErrors.Empty(whitespaceOnly: true);
        }
        if (_rows == 0)
        {
            throw CsvErrors.HeaderOnly(_columns.Length, _headerLine);
        }
        return new CsvInspection(_dialect!, _columns, _rows, _bytes);
    }

    void ICsvRecordHandler.OnRecord(int fieldCount, long line, IReadOnlyList<string?> fields)
    {
        if (_columns is null)
        {
            if (!CsvHeader.IsBlank(fields))
            {
                _columns = CsvHeader.Read(fields, line, limits);
                _headerLine = line;
                _tokenizer!.Capture = false;
                _tokenizer.CapturingHeader = false;
            }
            return;
        }
        if (fieldCount != _columns.Length)
        {
            throw CsvErrors.Ragged(line, fieldCount, _columns.Length, _dialect!.Delimiter);
        }
        _rows++;
    }

    private void ThrowIfFinished()
    {
        if (_finished)
        {
            throw new InvalidOperationException("This inspector has completed or failed; use a new one for each file.");
        }
    }

    private void Start(bool complete)
    {
        var window = _window.AsSpan(0, _windowLength);
        var (encodingName, preamble) = CsvEncodingSniffer.Detect(window, complete);
        var text = window[preamble..];
        var delimiter = CsvDialectSniffer.Detect(DecodePrefix(encodingName, text), complete, limits);
        _dialect = new CsvDialect(delimiter, encodingName);
        _decoder = CsvByteDecoder.Create(encodingName, preamble);
        _tokenizer = new CsvTokenizer(delimiter, _dialect.Quote, limits, this) { Capture = true, CapturingHeader = true };
        _window = null;
        Decode(text);
    }

    private void Decode(ReadOnlySpan<byte> bytes)
    {
        // Text never holds NUL (in UTF-16 it is half of most characters, and the decoder checks the rest).
        var nul = _dialect!.PreambleLength == 2 ? -1 : bytes.IndexOf((byte)0);
        if (!_decoder!.DecodeAll(nul < 0 ? bytes : bytes[..nul], _tokenizer!))
        {
            throw _decoder.Invalid(_tokenizer!.Line);
        }
        if (nul >= 0)
        {
            throw CsvErrors.NulByte(_decoder.Position, _tokenizer!.Line);
        }
    }

    /// <summary>The window's text up to its first undecodable byte (reading the file reports that byte).</summary>
    private static ReadOnlySpan<char> DecodePrefix(string encodingName, ReadOnlySpan<byte> bytes)
    {
        var chars = new char[bytes.Length + 1];
        var decoder = CsvByteDecoder.Create(encodingName, 0);
        decoder.Decode(bytes, chars, out _, out var written);
        return chars.AsSpan(0, written);
    }
}
