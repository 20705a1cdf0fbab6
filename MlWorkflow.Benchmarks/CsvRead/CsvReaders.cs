using System.Buffers;
using System.Text;
using MlWorkflow.Engine.Csv;
using Sylvan.Data.Csv;

namespace MlWorkflow.Benchmarks.CsvRead;

/// <summary>The two readers, each from the file's bytes (UTF-8 decoding included) to every field as a span.</summary>
public static class CsvReaders
{
    private const int BlockSize = 65_536;

    /// <summary>The Engine's reader as the profiler and the preprocessor drive it: 64 KiB blocks, strict UTF-8 decoder writing into the tokenizer's buffer, each record's fields handed over as spans of it.</summary>
    public static void Ours(string path, FieldWork work)
    {
        var handler = new RecordVisitor(work);
        var tokenizer = new CsvTokenizer(',', '"', CsvLimits.Default, handler) { TextHandler = handler };
        var decoder = CsvByteDecoder.Create(CsvDialect.Utf8, 0);
        var bytes = ArrayPool<byte>.Shared.Rent(BlockSize);
        using var stream = Open(path);
        int read;
        while ((read = stream.Read(bytes, 0, BlockSize)) > 0)
        {
            if (!decoder.DecodeAll(bytes.AsSpan(0, read), tokenizer))
            {
                throw decoder.Invalid(tokenizer.Line);
            }
        }
        tokenizer.Finish();
        ArrayPool<byte>.Shared.Return(bytes);
    }

    /// <summary>Sylvan's <see cref="CsvDataReader"/> over a UTF-8 <see cref="StreamReader"/>, each field read with <see cref="CsvDataReader.GetFieldSpan"/> (no string per field).</summary>
    public static void Sylvan(string path, FieldWork work)
    {
        using var text = new StreamReader(Open(path), new UTF8Encoding(false, throwOnInvalidBytes: true), false, BlockSize);
        using var reader = CsvDataReader.Create(text, new CsvDataReaderOptions { HasHeaders = false, Delimiter = ',', BufferSize = BlockSize });
        while (reader.Read())
        {
            for (var i = 0; i < reader.RowFieldCount; i++)
            {
                work.Visit(reader.GetFieldSpan(i));
            }
        }
    }

    private static FileStream Open(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.Read, BlockSize, FileOptions.SequentialScan);

    private sealed class RecordVisitor(FieldWork work) : ICsvRecordHandler, ICsvRecordTextHandler
    {
        public void OnRecord(int fieldCount, long line, IReadOnlyList<string?> fields) =>
            throw new InvalidOperationException("Records go to the text handler.");

        public void OnRecordText(CsvRecord record, long line)
        {
            for (var i = 0; i < record.Count; i++)
            {
                work.Visit(record[i]);
            }
        }
    }
}
