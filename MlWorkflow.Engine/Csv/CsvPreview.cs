using System.Buffers;

namespace MlWorkflow.Engine.Csv;

/// <summary>Reads the header and the first rows of a file already inspected, with the same rules as <see cref="CsvInspector"/>.</summary>
public static class CsvPreview
{
    private const int BlockBytes = 65_536;

    /// <summary>Reads the header and up to <paramref name="maxRows"/> data rows from the file's first byte (a byte-order mark is skipped).</summary>
    public static async Task<CsvPreviewResult> ReadAsync(Stream stream, CsvDialect dialect, int maxRows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(dialect);
        ArgumentOutOfRangeException.ThrowIfNegative(maxRows);
        var collector = new RowCollector(maxRows, CsvLimits.Default);
        var tokenizer = new CsvTokenizer(dialect.Delimiter, dialect.Quote, CsvLimits.Default, collector) { Capture = true, CapturingHeader = true };
        collector.Tokenizer = tokenizer;
        var decoder = CsvByteDecoder.Create(dialect.EncodingName, 0);
        var bytes = ArrayPool<byte>.Shared.Rent(BlockBytes);
        try
        {
            var first = true;
            while (!collector.IsFull)
            {
                // The first read must hold the whole byte-order mark, whatever the stream's read size.
                var read = first
                    ? await stream.ReadAtLeastAsync(bytes.AsMemory(0, BlockBytes), 4, throwOnEndOfStream: false, cancellationToken)
                    : await stream.ReadAsync(bytes.AsMemory(0, BlockBytes), cancellationToken);
                if (read == 0)
                {
                    if (!decoder.Flush())
                    {
                        throw decoder.Invalid(tokenizer.Line);
                    }
                    tokenizer.Finish();
                    break;
                }
                var block = bytes.AsSpan(0, read);
                if (first)
                {
                    block = block[SkipPreamble(block, dialect.EncodingName)..];
                    first = false;
                }
                if (!decoder.DecodeAll(block, tokenizer))
                {
                    throw decoder.Invalid(tokenizer.Line);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }
        return collector.Columns is null
            ? throw CsvErrors.Empty(whitespaceOnly: true)
            : new CsvPreviewResult(collector.Columns, collector.Rows);
    }

    internal static int SkipPreamble(ReadOnlySpan<byte> block, string encodingName) => encodingName switch
    {
        CsvDialect.Utf8 or CsvDialect.Utf8WithBom when block.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) => 3,
        CsvDialect.Utf16LittleEndian when block.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) => 2,
        CsvDialect.Utf16BigEndian when block.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]) => 2,
        _ => 0,
    };

    private sealed class RowCollector(int maxRows, CsvLimits limits) : ICsvRecordHandler
    {
        public string[]? Columns { get; private set; }

        public List<IReadOnlyList<string?>> Rows { get; } = [];

        public bool IsFull => Columns is not null && Rows.Count >= maxRows;

        public CsvTokenizer? Tokenizer { get; set; }

        public void OnRecord(int fieldCount, long line, IReadOnlyList<string?> fields)
        {
            if (Columns is null)
            {
                if (!CsvHeader.IsBlank(fields))
                {
                    Columns = CsvHeader.Read(fields, line, limits);
                    Tokenizer!.CapturingHeader = false;
                }
            }
            else if (Rows.Count < maxRows)
            {
                Rows.Add([.. fields]);
            }
        }
    }
}
