using MlWorkflow.Engine.Csv;

namespace MlWorkflow.Tests.Engine.Csv;

public sealed class CsvInspectorQuotingTests
{
    public static TheoryData<int> ChunkSizes => [1, 2, 3, 7, 65_536];

    [Theory]
    [MemberData(nameof(ChunkSizes))]
    public void InspectQuotedFieldsWithDelimitersNewlinesAndQuotesCountsRecords(int chunkSize)
    {
        const string text = "id,comment,score\r\n" +
            "1,\"hello, world\",3\r\n" +
            "2,\"line one\r\nline two\nline three\",4\r\n" +
            "3,\"she said \"\"hi\"\"\",5\r\n" +
            "4,\"\",6\r\n";

        var inspection = CsvTestFiles.Inspect(text, chunkSize);

        Assert.Equal(["id", "comment", "score"], inspection.Columns);
        Assert.Equal(4, inspection.RowCount);
    }

    [Theory]
    [MemberData(nameof(ChunkSizes))]
    public void InspectRaggedRowAfterMultilineFieldReportsPhysicalLine(int chunkSize)
    {
        const string text = "id,comment\r\n1,\"a\r\nb\r\nc\"\r\n2,x,extra\r\n";

        var error = CsvTestFiles.InspectFails(text, chunkSize);

        Assert.Equal(CsvErrorCode.RaggedRow, error.Code);
        Assert.Equal(5, error.Line);
        Assert.Equal("Line 5 has 3 fields but the header has 2.", error.Message);
        Assert.Equal("Make every row have 2 fields (quote fields that contain ',').", error.Fix);
    }

    [Theory]
    [InlineData("a,b\n1,2\n3,4\n")]
    [InlineData("a,b\n1,2\n3,4")]
    [InlineData("a,b\r\n1,2\r\n3,4\r\n")]
    [InlineData("a,b\r1,2\r3,4\r")]
    [InlineData("a,b\n\n1,2\n\n\n3,4\n\n")]
    [InlineData("\n\n  \na,b\r\n1,2\r\n\r\n3,4")]
    public void InspectLineEndsAndBlankLinesCountsTwoRows(string text)
    {
        foreach (var chunkSize in new[] { 1, 7, 65_536 })
        {
            var inspection = CsvTestFiles.Inspect(text, chunkSize);

            Assert.Equal(["a", "b"], inspection.Columns);
            Assert.Equal(2, inspection.RowCount);
        }
    }

    [Theory]
    [InlineData("a,b\n1,2\n\n3\n", 4)]
    [InlineData("a,b\r\n\r\n1,2\r\n3\r\n", 4)]
    [InlineData("a,b\r\r1,2\r3\r", 4)]
    public void InspectBlankLinesStillCountTowardsLineNumbers(string text, long line)
    {
        var error = CsvTestFiles.InspectFails(text, 1);

        Assert.Equal(CsvErrorCode.RaggedRow, error.Code);
        Assert.Equal(line, error.Line);
    }

    [Fact]
    public void InspectQuotedDelimiterChoosesRealDelimiter()
    {
        var inspection = CsvTestFiles.Inspect("name;note\n\"Smith, J\";\"a;b\"\n\"Doe, A\";plain\nx;\"1,2,3\"\n");

        Assert.Equal(';', inspection.Dialect.Delimiter);
        Assert.Equal(3, inspection.RowCount);
    }

    [Fact]
    public void InspectHeaderNamesAreTrimmedAndMayBeQuoted()
    {
        var inspection = CsvTestFiles.Inspect(" id ,\"full, name\",\" age\"\n1,x,2\n");

        Assert.Equal(["id", "full, name", "age"], inspection.Columns);
    }

    [Fact]
    public void InspectTrailingDelimiterMeansEmptyLastField()
    {
        var inspection = CsvTestFiles.Inspect("a,b,c\n1,2,\n,,\n");

        Assert.Equal(2, inspection.RowCount);
    }
}
