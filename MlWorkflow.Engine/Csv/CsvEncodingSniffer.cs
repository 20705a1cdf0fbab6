using System.Text.Unicode;

namespace MlWorkflow.Engine.Csv;

/// <summary>Decides the encoding from the first bytes of a file, and rejects files that are not text at all.</summary>
internal static class CsvEncodingSniffer
{
    private const string ExcelFix =
        "Excel workbooks are not supported yet: open the file in Excel and use File > Save As > \"CSV UTF-8\", then upload the CSV. If it is a zipped CSV, unzip it first.";

    private static readonly (byte[] Magic, string What, string Fix)[] s_signatures =
    [
        ("PK\u0003\u0004"u8.ToArray(), "The file is a ZIP archive (an Excel .xlsx workbook is one), not CSV text.", ExcelFix),
        ("PK\u0005\u0006"u8.ToArray(), "The file is an empty ZIP archive, not CSV text.", ExcelFix),
        ([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1], "The file is a legacy Excel (.xls) or other Office document, not CSV text.", ExcelFix),
        ("%PDF"u8.ToArray(), "The file is a PDF document, not CSV text.", "Export the table from the application that made the PDF as CSV, and upload that file."),
        ([0x89, 0x50, 0x4E, 0x47], "The file is a PNG image, not CSV text.", "Upload the data itself as a CSV file, not a picture of it."),
        ([0xFF, 0xD8, 0xFF], "The file is a JPEG image, not CSV text.", "Upload the data itself as a CSV file, not a picture of it."),
        ("GIF8"u8.ToArray(), "The file is a GIF image, not CSV text.", "Upload the data itself as a CSV file, not a picture of it."),
        ([0x1F, 0x8B], "The file is gzip-compressed, not CSV text.", "Decompress the file (for example with gunzip) and upload the CSV inside."),
        ([0x37, 0x7A, 0xBC, 0xAF, 0x27, 0x1C], "The file is a 7-Zip archive, not CSV text.", "Extract the archive and upload the CSV inside."),
        ([0x7F, 0x45, 0x4C, 0x46], "The file is a program (ELF executable), not CSV text.", "Upload a CSV file."),
    ];

    /// <param name="window">The first bytes of the file.</param>
    /// <param name="complete">The window holds the whole file.</param>
    /// <returns>The <see cref="CsvDialect"/> encoding name and the length of the byte-order mark.</returns>
    public static (string EncodingName, int PreambleLength) Detect(ReadOnlySpan<byte> window, bool complete)
    {
        if (window.IsEmpty)
        {
            throw CsvErrors.Empty(whitespaceOnly: false);
        }
        if (window.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE, 0, 0]) || window.StartsWith((ReadOnlySpan<byte>)[0, 0, 0xFE, 0xFF]))
        {
            throw CsvErrors.Utf32();
        }
        var (name, preamble) = window switch
        {
            [0xEF, 0xBB, 0xBF, ..] => (CsvDialect.Utf8WithBom, 3),
            [0xFF, 0xFE, ..] => (CsvDialect.Utf16LittleEndian, 2),
            [0xFE, 0xFF, ..] => (CsvDialect.Utf16BigEndian, 2),
            _ => (CsvDialect.Utf8, 0),
        };
        if (window.Length == preamble && complete)
        {
            throw CsvErrors.Empty(whitespaceOnly: false);
        }
        if (preamble == 2)
        {
            return (name, preamble);
        }
        var text = window[preamble..];
        foreach (var (magic, what, fix) in s_signatures)
        {
            if (text.StartsWith(magic))
            {
                throw CsvErrors.Binary(what, fix);
            }
        }
        RejectControlBytes(text);
        if (preamble == 3 || IsUtf8(text, complete))
        {
            return (name, preamble);
        }
        return (CsvDialect.Windows1252, 0);
    }

    private static void RejectControlBytes(ReadOnlySpan<byte> text)
    {
        var nul = text.IndexOf((byte)0);
        if (nul >= 0)
        {
            throw CsvErrors.NulByte(nul);
        }
        var controls = 0;
        foreach (var value in text)
        {
            // Tab, LF, VT, FF, CR and the DOS end-of-file mark are normal in text files.
            if (value is < 0x20 and not (0x09 or 0x0A or 0x0B or 0x0C or 0x0D or 0x1A) or 0x7F)
            {
                controls++;
            }
        }
        if (controls * 100L > text.Length)
        {
            throw CsvErrors.ControlBytes();
        }
    }

    private static bool IsUtf8(ReadOnlySpan<byte> text, bool complete)
    {
        if (Utf8.IsValid(text))
        {
            return true;
        }
        // The window may end inside a character: a valid prefix of one is fine when more bytes follow.
        for (var cut = 1; !complete && cut <= 3 && cut < text.Length; cut++)
        {
            if (Utf8.IsValid(text[..^cut]) && IsLeadOf(text[^cut..]))
            {
                return true;
            }
        }
        return false;
    }

    private static bool IsLeadOf(ReadOnlySpan<byte> tail) =>
        tail[0] >= 0xC2 && tail[0] <= 0xF4 && tail[1..].IndexOfAnyExceptInRange((byte)0x80, (byte)0xBF) < 0;
}
