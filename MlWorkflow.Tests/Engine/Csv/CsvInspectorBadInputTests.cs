using System.Globalization;
using System.Text;
using MlWorkflow.Engine.Csv;

namespace MlWorkflow.Tests.Engine.Csv;

public sealed class CsvInspectorBadInputTests
{
    public static TheoryData<string, CsvErrorCode, long?> Corpus => new()
    {
        { "empty.csv", CsvErrorCode.Empty, null },
        { "whitespace-only.csv", CsvErrorCode.Empty, null },
        { "bom-only.csv", CsvErrorCode.Empty, null },
        { "header-only.csv", CsvErrorCode.HeaderOnly, 1 },
        { "png-renamed.csv", CsvErrorCode.Binary, null },
        { "xlsx-renamed.csv", CsvErrorCode.Binary, null },
        { "gzip-renamed.csv", CsvErrorCode.Binary, null },
        { "nul-bytes.csv", CsvErrorCode.Binary, null },
        { "invalid-utf8.csv", CsvErrorCode.Undecodable, 1001 },
        { "undefined-windows-1252.csv", CsvErrorCode.Undecodable, 3 },
        { "ragged.csv", CsvErrorCode.RaggedRow, 17 },
        { "duplicate-columns.csv", CsvErrorCode.DuplicateColumnName, 1 },
        { "empty-column-name.csv", CsvErrorCode.EmptyColumnName, 1 },
        { "unterminated-quote.csv", CsvErrorCode.UnterminatedQuote, 4 },
        { "space-separated.csv", CsvErrorCode.NoDelimiter, null },
    };

    [Theory]
    [MemberData(nameof(Corpus))]
    public void InspectBadUploadThrowsItsCodeAndLine(string file, CsvErrorCode code, long? line)
    {
        var bytes = File.ReadAllBytes(CsvTestFiles.BadUpload(file));

        foreach (var chunkSize in new[] { 1, 7, 65_536 })
        {
            var error = CsvTestFiles.InspectFails(bytes, chunkSize);

            Assert.Equal(code, error.Code);
            Assert.Equal(line, error.Line);
            Assert.False(string.IsNullOrWhiteSpace(error.Message));
            Assert.False(string.IsNullOrWhiteSpace(error.Fix));
            if (line is not null)
            {
                Assert.Contains($"line {line.Value.ToString("N0", CultureInfo.InvariantCulture)}", error.Message, StringComparison.OrdinalIgnoreCase);
            }
        }
    }

    [Fact]
    public void InspectCorpusReadmeListsEveryFile()
    {
        var readme = File.ReadAllText(CsvTestFiles.BadUpload("README.md"));
        var files = Directory.GetFiles(CsvTestFiles.BadUpload("."), "*.csv").Select(Path.GetFileName).Order().ToList();

        Assert.Equal(Corpus.Select(row => row.Data.Item1).Order(), files);
        Assert.All(files, file => Assert.Contains($"`{file}`", readme));
    }

    [Theory]
    [InlineData("ragged.csv", "Line 17 has 4 fields but the header has 5.", "Make every row have 5 fields (quote fields that contain ',').")]
    [InlineData("duplicate-columns.csv", "Columns 2 and 4 of the header row (line 1) are both named \"name\" (column names are compared ignoring case).", "Rename one of the columns so that every column name in the header row is unique.")]
    [InlineData("empty-column-name.csv", "Column 2 of the header row (line 1) has an empty name.", "Give every column a name in the header row (the first row of the file).")]
    [InlineData("invalid-utf8.csv", "Line 1,001 contains bytes that are not valid UTF-8 (at byte offset 67,735).", "Save the file as UTF-8 (in Excel: File > Save As > \"CSV UTF-8\") and upload it again.")]
    [InlineData("xlsx-renamed.csv", "The file is a ZIP archive (an Excel .xlsx workbook is one), not CSV text.", "Excel workbooks are not supported yet: open the file in Excel and use File > Save As > \"CSV UTF-8\", then upload the CSV. If it is a zipped CSV, unzip it first.")]
    public void InspectBadUploadExplainsProblemAndFix(string file, string message, string fix)
    {
        var error = CsvTestFiles.InspectFails(File.ReadAllBytes(CsvTestFiles.BadUpload(file)));

        Assert.Equal(message, error.Message);
        Assert.Equal(fix, error.Fix);
    }

    [Fact]
    public void InspectFieldOverLimitIsFieldTooLarge()
    {
        var text = "id,text\n1,short\n2," + new string('x', 1_048_577) + "\n";

        var error = CsvTestFiles.InspectFails(text);

        Assert.Equal(CsvErrorCode.FieldTooLarge, error.Code);
        Assert.Equal(3, error.Line);
        Assert.Equal("Line 3 has a field longer than 1,048,576 characters.", error.Message);
    }

    [Fact]
    public void InspectFieldAtLimitIsAccepted()
    {
        var bytes = Encoding.UTF8.GetBytes("id,text\n1," + new string('x', 1_000) + "\n");

        var inspection = CsvTestFiles.Inspect(bytes, 97, new CsvLimits { MaxFieldChars = 1_000 });

        Assert.Equal(1, inspection.RowCount);
    }

    [Fact]
    public void InspectUnclosedQuoteInLargeFileBlamesTheQuote()
    {
        var text = new StringBuilder("id,text\n1,ok\n2,\"opened here\n");
        for (var i = 0; i < 500; i++)
        {
            text.Append(i).Append(",more text that is swallowed by the open quote\n");
        }

        var error = CsvTestFiles.InspectFails(Encoding.UTF8.GetBytes(text.ToString()), 64, new CsvLimits { MaxFieldChars = 10_000 });

        Assert.Equal(CsvErrorCode.FieldTooLarge, error.Code);
        Assert.Equal(3, error.Line);
        Assert.Contains("closing quote", error.Fix);
    }

    [Fact]
    public void InspectHeaderOverColumnLimitIsTooManyColumns()
    {
        var header = string.Join(',', Enumerable.Range(1, 2_001).Select(i => $"c{i}"));
        var row = string.Join(',', Enumerable.Range(1, 2_001));

        var error = CsvTestFiles.InspectFails(header + "\n" + row + "\n");

        Assert.Equal(CsvErrorCode.TooManyColumns, error.Code);
        Assert.Equal(1, error.Line);
    }

    [Fact]
    public void InspectHeaderAtColumnLimitIsAccepted()
    {
        var header = string.Join(',', Enumerable.Range(1, 2_000).Select(i => $"c{i}"));
        var row = string.Join(',', Enumerable.Range(1, 2_000));

        var inspection = CsvTestFiles.Inspect(header + "\n" + row + "\n", 1_000);

        Assert.Equal(2_000, inspection.Columns.Count);
    }

    [Fact]
    public void InspectColumnNameOverLimitIsFieldTooLarge()
    {
        var error = CsvTestFiles.InspectFails("id," + new string('n', 513) + "\n1,2\n");

        Assert.Equal(CsvErrorCode.FieldTooLarge, error.Code);
        Assert.Equal("The name of column 2 in the header row (line 1) is longer than 512 characters.", error.Message);
    }

    [Fact]
    public void InspectRaggedTabFileSuggestsQuotingTabs()
    {
        var error = CsvTestFiles.InspectFails("a\tb\tc\n1\t2\t3\n4\t5\n");

        Assert.Equal(CsvErrorCode.RaggedRow, error.Code);
        Assert.Equal("Make every row have 3 fields (quote fields that contain a tab).", error.Fix);
    }

    [Fact]
    public void InspectNulByteAfterSniffWindowIsBinaryWithLine()
    {
        var bytes = Encoding.UTF8.GetBytes("a,b\n1,2\n3,4\n5,6\n7,").Append((byte)0).Concat("8\n"u8.ToArray()).ToArray();

        var error = CsvTestFiles.InspectFails(bytes, 3, new CsvLimits { SniffBytes = 16 });

        Assert.Equal(CsvErrorCode.Binary, error.Code);
        Assert.Equal(5, error.Line);
        Assert.Equal("Line 5 contains binary data (a NUL byte at byte offset 18), so the file is not text.", error.Message);
    }

    [Fact]
    public void InspectNulBytesAfterTextIsBinary()
    {
        var error = CsvTestFiles.InspectFails("a,b\n1,2\n\0\0\0\0"u8.ToArray());

        Assert.Equal(CsvErrorCode.Binary, error.Code);
    }
}
