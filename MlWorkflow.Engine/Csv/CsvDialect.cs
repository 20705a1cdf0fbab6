using System.Text;

namespace MlWorkflow.Engine.Csv;

/// <summary>
/// How a delimited text file is written. <see cref="EncodingName"/> is one of <see cref="Utf8"/>,
/// <see cref="Utf8WithBom"/>, <see cref="Utf16LittleEndian"/>, <see cref="Utf16BigEndian"/> or
/// <see cref="Windows1252"/>; the name also says whether the file starts with a byte-order mark.
/// </summary>
public sealed record CsvDialect(char Delimiter, string EncodingName, char Quote = '"')
{
    public const string Utf8 = "utf-8";
    public const string Utf8WithBom = "utf-8-sig";
    public const string Utf16LittleEndian = "utf-16le";
    public const string Utf16BigEndian = "utf-16be";
    public const string Windows1252 = "windows-1252";

    /// <summary>"tsv" for tab-separated files, otherwise "csv".</summary>
    public string Format => Delimiter == '\t' ? "tsv" : "csv";

    /// <summary>Bytes of the byte-order mark the file starts with.</summary>
    public int PreambleLength => EncodingName switch
    {
        Utf8WithBom => 3,
        Utf16LittleEndian or Utf16BigEndian => 2,
        _ => 0,
    };

    /// <summary>A strict encoding (invalid bytes throw) whose preamble is the file's byte-order mark, if any.</summary>
    public Encoding GetEncoding() => EncodingName switch
    {
        Utf8 => new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true),
        Utf8WithBom => new UTF8Encoding(encoderShouldEmitUTF8Identifier: true, throwOnInvalidBytes: true),
        Utf16LittleEndian => new UnicodeEncoding(bigEndian: false, byteOrderMark: true, throwOnInvalidBytes: true),
        Utf16BigEndian => new UnicodeEncoding(bigEndian: true, byteOrderMark: true, throwOnInvalidBytes: true),
        Windows1252 => s_windows1252.Value,
        _ => throw new NotSupportedException($"Encoding '{EncodingName}' is not supported."),
    };

    private static readonly Lazy<Encoding> s_windows1252 = new(() =>
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(1252, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
    });
}
