using System.Buffers;
using MlWorkflow.Engine.Csv;

namespace MlWorkflow.Engine.Preprocessing;

/// <summary>
/// One read of the file, as the profiler reads it: blocks of 64 KiB decoded and split by <see cref="CsvTokenizer"/>, the
/// header as strings (it must name the profile's columns in order), then each row's fields as spans.
/// </summary>
internal abstract class RecordPass(IReadOnlyList<string> columns, CsvDialect dialect) : ICsvRecordHandler, ICsvRecordTextHandler
{
    private const int BlockBytes = 65_536;

    private CsvTokenizer? _tokenizer;
    private bool _header;

    /// <summary>Data rows read.</summary>
    public long Rows { get; private set; }

    /// <summary>Reads the file once; <paramref name="afterBlock"/> is called after each block with its byte count (progress, output).</summary>
    public async Task ReadAsync(Stream stream, Func<int, ValueTask> afterBlock, CancellationToken cancellationToken)
    {
        var limits = CsvLimits.Default;
        _tokenizer = new CsvTokenizer(dialect.Delimiter, dialect.Quote, limits, this) { Capture = true, CapturingHeader = true };
        var decoder = CsvByteDecoder.Create(dialect.EncodingName, 0);
        var bytes = ArrayPool<byte>.Shared.Rent(BlockBytes);
        try
        {
            var first = true;
            while (true)
            {
                var read = first
                    ? await stream.ReadAtLeastAsync(bytes.AsMemory(0, BlockBytes), 4, throwOnEndOfStream: false, cancellationToken)
                    : await stream.ReadAsync(bytes.AsMemory(0, BlockBytes), cancellationToken);
                if (read == 0)
                {
                    break;
                }
                var block = bytes.AsSpan(0, read);
                if (first)
                {
                    block = block[CsvPreview.SkipPreamble(block, dialect.EncodingName)..];
                    first = false;
                }
                if (!decoder.DecodeAll(block, _tokenizer))
                {
                    throw decoder.Invalid(_tokenizer.Line);
                }
                cancellationToken.ThrowIfCancellationRequested();
                await afterBlock(read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }
        if (!decoder.Flush())
        {
            throw decoder.Invalid(_tokenizer.Line);
        }
        _tokenizer.Finish();
        if (!_header)
        {
            throw CsvErrors.Empty(whitespaceOnly: true);
        }
    }

    void ICsvRecordHandler.OnRecord(int fieldCount, long line, IReadOnlyList<string?> fields)
    {
        if (_header || CsvHeader.IsBlank(fields))
        {
            return;
        }
        var names = CsvHeader.Read(fields, line, CsvLimits.Default);
        if (!names.SequenceEqual(columns, StringComparer.Ordinal))
        {
            throw new ArgumentException(
                $"The file's header ({string.Join(", ", names.Take(20))}) is not the profile's columns ({string.Join(", ", columns.Take(20))}): profile this file first.");
        }
        _header = true;
        _tokenizer!.Capture = false;
        _tokenizer.CapturingHeader = false;
        _tokenizer.TextHandler = this;
    }

    void ICsvRecordTextHandler.OnRecordText(CsvRecord record, long line)
    {
        if (record.Count != columns.Count)
        {
            throw CsvErrors.Ragged(line, record.Count, columns.Count, dialect.Delimiter);
        }
        Rows++;
        OnRow(record, line);
    }

    protected abstract void OnRow(CsvRecord record, long line);
}
