using System.Buffers;
using System.Text.Unicode;

namespace MlWorkflow.Engine.Csv;

internal sealed class Utf8CsvDecoder(long start) : CsvByteDecoder(start)
{
    private readonly byte[] _carry = new byte[4];
    private int _carryLength;

    public override OperationStatus Decode(ReadOnlySpan<byte> bytes, Span<char> chars, out int bytesRead, out int charsWritten)
    {
        bytesRead = 0;
        charsWritten = 0;
        if (_carryLength > 0)
        {
            // Finish the character split across calls from a few bytes of both pieces.
            Span<byte> joined = stackalloc byte[8];
            _carry.AsSpan(0, _carryLength).CopyTo(joined);
            var taken = Math.Min(4, bytes.Length);
            bytes[..taken].CopyTo(joined[_carryLength..]);
            joined = joined[..(_carryLength + taken)];
            var status = Utf8.ToUtf16(joined, chars, out var read, out var written, replaceInvalidSequences: false, isFinalBlock: false);
            if (read < _carryLength)
            {
                if (status == OperationStatus.InvalidData)
                {
                    return status;
                }
                joined.CopyTo(_carry);
                _carryLength = joined.Length;
                bytesRead = taken;
                return OperationStatus.Done;
            }
            bytesRead = read - _carryLength;
            charsWritten = written;
            Position += read;
            _carryLength = 0;
        }
        var rest = bytes[bytesRead..];
        var result = Utf8.ToUtf16(rest, chars[charsWritten..], out var restRead, out var restWritten, replaceInvalidSequences: false, isFinalBlock: false);
        bytesRead += restRead;
        charsWritten += restWritten;
        Position += restRead;
        if (result == OperationStatus.NeedMoreData)
        {
            rest[restRead..].CopyTo(_carry);
            _carryLength = rest.Length - restRead;
            bytesRead = bytes.Length;
            return OperationStatus.Done;
        }
        return result;
    }

    public override bool Flush() => _carryLength == 0;

    public override CsvFormatException Invalid(long line) => CsvErrors.NotUtf8(line, Position);
}
