using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace MlWorkflow.Engine.Csv;

internal sealed class Utf16CsvDecoder(bool bigEndian, long start) : CsvByteDecoder(start)
{
    private int _oddByte = -1;
    private bool _pendingHighSurrogate;

    public override OperationStatus Decode(ReadOnlySpan<byte> bytes, Span<char> chars, out int bytesRead, out int charsWritten)
    {
        bytesRead = 0;
        charsWritten = 0;
        var firstCharBytes = 2;
        if (_oddByte >= 0 && bytes.Length > 0)
        {
            chars[0] = (char)(bigEndian ? _oddByte << 8 | bytes[0] : bytes[0] << 8 | _oddByte);
            _oddByte = -1;
            bytesRead = 1;
            charsWritten = 1;
            firstCharBytes = 1;
        }
        var count = Math.Min((bytes.Length - bytesRead) / 2, chars.Length - charsWritten);
        var source = MemoryMarshal.Cast<byte, ushort>(bytes.Slice(bytesRead, count * 2));
        var target = MemoryMarshal.Cast<char, ushort>(chars.Slice(charsWritten, count));
        if (bigEndian == BitConverter.IsLittleEndian)
        {
            BinaryPrimitives.ReverseEndianness(source, target);
        }
        else
        {
            source.CopyTo(target);
        }
        bytesRead += count * 2;
        charsWritten += count;

        var invalid = FindInvalid(chars[..charsWritten]);
        if (invalid >= 0)
        {
            Position += invalid * 2;
            bytesRead = invalid == 0 ? 0 : invalid * 2 - (2 - firstCharBytes);
            charsWritten = invalid;
            return OperationStatus.InvalidData;
        }
        Position += charsWritten * 2;
        if (bytesRead == bytes.Length - 1 && charsWritten < chars.Length)
        {
            _oddByte = bytes[^1];
            bytesRead = bytes.Length;
        }
        return bytesRead == bytes.Length ? OperationStatus.Done : OperationStatus.DestinationTooSmall;
    }

    public override bool Flush() => _oddByte < 0 && !_pendingHighSurrogate;

    public override CsvFormatException Invalid(long line) => CsvErrors.InvalidUtf16(line, Position);

    /// <summary>Index of the first character that breaks a surrogate pair, or -1; a high surrogate may end the text.</summary>
    private int FindInvalid(ReadOnlySpan<char> text)
    {
        var i = 0;
        while (true)
        {
            if (_pendingHighSurrogate)
            {
                if (i >= text.Length)
                {
                    return -1;
                }
                if (!char.IsLowSurrogate(text[i]))
                {
                    return i;
                }
                _pendingHighSurrogate = false;
                i++;
            }
            var next = text[i..].IndexOfAnyInRange('\uD800', '\uDFFF');
            if (next < 0)
            {
                return -1;
            }
            i += next;
            if (char.IsLowSurrogate(text[i]))
            {
                return i;
            }
            _pendingHighSurrogate = true;
            i++;
        }
    }
}
