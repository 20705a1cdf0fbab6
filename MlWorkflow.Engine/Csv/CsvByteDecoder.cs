using System.Buffers;

namespace MlWorkflow.Engine.Csv;

/// <summary>
/// Strict streaming decoder: bytes of a character split across calls are carried over, and decoding
/// stops at the first invalid byte so the caller can first scan the text before it (for the line number).
/// </summary>
internal abstract class CsvByteDecoder(long start)
{
    /// <summary>Offset in the file of the first byte not yet decoded (bytes carried over included).</summary>
    public long Position { get; protected set; } = start;

    /// <returns>
    /// <see cref="OperationStatus.Done"/> when every byte was consumed, <see cref="OperationStatus.DestinationTooSmall"/>
    /// when <paramref name="chars"/> is full, <see cref="OperationStatus.InvalidData"/> at an invalid byte at <see cref="Position"/>.
    /// </returns>
    public abstract OperationStatus Decode(ReadOnlySpan<byte> bytes, Span<char> chars, out int bytesRead, out int charsWritten);

    /// <summary>End of the file: false when the bytes of an incomplete character are left over.</summary>
    public abstract bool Flush();

    public abstract CsvFormatException Invalid(long line);

    public static CsvByteDecoder Create(string encodingName, long start) => encodingName switch
    {
        CsvDialect.Utf8 or CsvDialect.Utf8WithBom => new Utf8CsvDecoder(start),
        CsvDialect.Utf16LittleEndian => new Utf16CsvDecoder(bigEndian: false, start),
        CsvDialect.Utf16BigEndian => new Utf16CsvDecoder(bigEndian: true, start),
        CsvDialect.Windows1252 => new Windows1252CsvDecoder(start),
        _ => throw new NotSupportedException($"Encoding '{encodingName}' is not supported."),
    };

    /// <summary>Decodes all of <paramref name="bytes"/> (or up to the first invalid byte) into the tokenizer's buffer, which splits it as it goes.</summary>
    public bool DecodeAll(ReadOnlySpan<byte> bytes, CsvTokenizer tokenizer)
    {
        while (true)
        {
            var status = Decode(bytes, tokenizer.GetSpace(), out var read, out var written);
            tokenizer.Advance(written);
            bytes = bytes[read..];
            if (status != OperationStatus.DestinationTooSmall)
            {
                return status == OperationStatus.Done;
            }
        }
    }
}
