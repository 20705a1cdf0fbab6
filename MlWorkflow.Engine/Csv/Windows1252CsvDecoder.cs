using System.Buffers;
using System.Text;

namespace MlWorkflow.Engine.Csv;

internal sealed class Windows1252CsvDecoder(long start) : CsvByteDecoder(start)
{
    // Bytes 0x80-0x9F; '\0' marks the five bytes windows-1252 leaves undefined. 0xA0-0xFF equal Latin-1.
    private const string HighControls =
        "\u20AC\0\u201A\u0192\u201E\u2026\u2020\u2021\u02C6\u2030\u0160\u2039\u0152\0\u017D\0" +
        "\0\u2018\u2019\u201C\u201D\u2022\u2013\u2014\u02DC\u2122\u0161\u203A\u0153\0\u017E\u0178";

    private byte _invalidByte;

    public static bool IsDefined(byte value) => value is < 0x80 or >= 0xA0 || HighControls[value - 0x80] != '\0';

    public override OperationStatus Decode(ReadOnlySpan<byte> bytes, Span<char> chars, out int bytesRead, out int charsWritten)
    {
        bytesRead = 0;
        charsWritten = 0;
        while (true)
        {
            var status = Ascii.ToUtf16(bytes[bytesRead..], chars[charsWritten..], out var written);
            bytesRead += written;
            charsWritten += written;
            Position += written;
            if (status != OperationStatus.InvalidData)
            {
                return status;
            }
            if (charsWritten == chars.Length)
            {
                return OperationStatus.DestinationTooSmall;
            }
            var value = bytes[bytesRead];
            if (!IsDefined(value))
            {
                _invalidByte = value;
                return OperationStatus.InvalidData;
            }
            chars[charsWritten++] = value >= 0xA0 ? (char)value : HighControls[value - 0x80];
            bytesRead++;
            Position++;
        }
    }

    public override bool Flush() => true;

    public override CsvFormatException Invalid(long line) => CsvErrors.NotWindows1252(line, Position, _invalidByte);
}
