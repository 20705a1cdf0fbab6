using System.Globalization;

namespace MlWorkflow.Engine.Csv;

/// <summary>Every message a user can get about a bad file, in one place so they read alike.</summary>
internal static class CsvErrors
{
    private const string SaveAsUtf8 = "Save the file as UTF-8 (in Excel: File > Save As > \"CSV UTF-8\") and upload it again.";

    public static CsvFormatException Empty(bool whitespaceOnly) => new(
        CsvErrorCode.Empty,
        whitespaceOnly ? "The file contains only blank lines: there is no header and no data." : "The file is empty.",
        "Upload a CSV file with a header row of column names and at least one data row.");

    public static CsvFormatException HeaderOnly(int columns, long headerLine) => new(
        CsvErrorCode.HeaderOnly,
        $"The file has a header row (line {N(headerLine)}, {Count(columns, "column")}) but no data rows.",
        "Add at least one data row below the header row.",
        headerLine);

    public static CsvFormatException Binary(string what, string fix) => new(CsvErrorCode.Binary, what, fix);

    public static CsvFormatException NulByte(long byteOffset, long? line = null) => new(
        CsvErrorCode.Binary,
        line is null
            ? $"The file contains binary data (a NUL byte at byte offset {N(byteOffset)}), not text."
            : $"Line {N(line.Value)} contains binary data (a NUL byte at byte offset {N(byteOffset)}), so the file is not text.",
        "Upload a CSV text file. If the file is text saved as UTF-16 without a byte-order mark, save it as UTF-8.",
        line);

    public static CsvFormatException ControlBytes() => new(
        CsvErrorCode.Binary,
        "The file contains many control characters, so it is binary data, not CSV text.",
        "Upload a CSV text file (comma, tab, semicolon or '|' separated).");

    public static CsvFormatException NotUtf8(long line, long byteOffset) => new(
        CsvErrorCode.Undecodable,
        $"Line {N(line)} contains bytes that are not valid UTF-8 (at byte offset {N(byteOffset)}).",
        SaveAsUtf8,
        line);

    public static CsvFormatException NotWindows1252(long line, long byteOffset, byte value) => new(
        CsvErrorCode.Undecodable,
        $"Line {N(line)} contains byte 0x{value:X2} (at byte offset {N(byteOffset)}), which is neither UTF-8 nor a windows-1252 character.",
        SaveAsUtf8,
        line);

    public static CsvFormatException InvalidUtf16(long line, long byteOffset) => new(
        CsvErrorCode.Undecodable,
        $"Line {N(line)} contains an invalid UTF-16 character (at byte offset {N(byteOffset)}).",
        SaveAsUtf8,
        line);

    public static CsvFormatException Utf32() => new(
        CsvErrorCode.Undecodable,
        "The file is encoded as UTF-32, which is not supported.",
        SaveAsUtf8);

    public static CsvFormatException Ragged(long line, int fields, int headerFields, char delimiter) => new(
        CsvErrorCode.RaggedRow,
        $"Line {N(line)} has {Count(fields, "field")} but the header has {N(headerFields)}.",
        $"Make every row have {Count(headerFields, "field")} (quote fields that contain {Describe(delimiter)}).",
        line);

    public static CsvFormatException DuplicateColumn(string name, int first, int second, long line) => new(
        CsvErrorCode.DuplicateColumnName,
        $"Columns {N(first)} and {N(second)} of the header row (line {N(line)}) are both named \"{name}\" (column names are compared ignoring case).",
        "Rename one of the columns so that every column name in the header row is unique.",
        line);

    public static CsvFormatException EmptyColumnName(int position, long line) => new(
        CsvErrorCode.EmptyColumnName,
        $"Column {N(position)} of the header row (line {N(line)}) has an empty name.",
        "Give every column a name in the header row (the first row of the file).",
        line);

    public static CsvFormatException ColumnNameTooLong(int position, int limit, long line) => new(
        CsvErrorCode.FieldTooLarge,
        $"The name of column {N(position)} in the header row (line {N(line)}) is longer than {Count(limit, "character")}.",
        $"Shorten the column name to at most {Count(limit, "character")}; check that the first row is really a header row.",
        line);

    public static CsvFormatException FieldTooLarge(long line, int limit, bool quoted, long quoteLine) => quoted
        ? new(
            CsvErrorCode.FieldTooLarge,
            $"The quoted field that starts on line {N(quoteLine)} is longer than {Count(limit, "character")}.",
            "A closing quote (\") is probably missing: close the quote, and write quotes inside quoted fields as two quotes (\"\").",
            quoteLine)
        : new(
            CsvErrorCode.FieldTooLarge,
            $"Line {N(line)} has a field longer than {Count(limit, "character")}.",
            $"Shorten the field to at most {Count(limit, "character")}, or check that the file is really delimited text.",
            line);

    public static CsvFormatException TooManyColumns(int limit, long line) => new(
        CsvErrorCode.TooManyColumns,
        $"The header row (line {N(line)}) has more than {Count(limit, "column")}.",
        $"Split the data into files of at most {Count(limit, "column")}, or check that the file uses the delimiter you expect.",
        line);

    public static CsvFormatException UnterminatedQuote(long quoteLine) => new(
        CsvErrorCode.UnterminatedQuote,
        $"The quoted field that starts on line {N(quoteLine)} is never closed: the file ends inside it.",
        "Add the missing closing quote (\"); write a quote inside a quoted field as two quotes (\"\").",
        quoteLine);

    public static CsvFormatException NoDelimiter() => new(
        CsvErrorCode.NoDelimiter,
        "No delimiter found: the columns seem to be separated by spaces, which is ambiguous.",
        "Save the file with commas, tabs, semicolons or '|' between the columns (quote values that contain them).");

    public static string Describe(char delimiter) => delimiter switch
    {
        '\t' => "a tab",
        _ => $"'{delimiter}'",
    };

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Count(long value, string noun) => $"{N(value)} {noun}{(value == 1 ? "" : "s")}";
}
