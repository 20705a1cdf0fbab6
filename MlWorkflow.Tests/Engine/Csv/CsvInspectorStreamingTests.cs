using System.Text;
using MlWorkflow.Engine.Csv;

namespace MlWorkflow.Tests.Engine.Csv;

public sealed class CsvInspectorStreamingTests
{
    [Fact]
    public void InspectLargeStreamAllocatesLittleMemory()
    {
        var block = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 1_000).Select(i => $"{i},\"name, {i}\",{i * 0.5},Zürich\r\n")));
        var inspector = new CsvInspector(new CsvLimits());
        inspector.Append("id,name,value,city\r\n"u8);
        for (var i = 0; i < 5; i++)
        {
            inspector.Append(block);   // past the sniff window, whose buffers are allocated once
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 200; i++)
        {
            inspector.Append(block);
        }
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        var inspection = inspector.Complete();

        Assert.Equal(205_000, inspection.RowCount);
        Assert.True(allocated < 1_024, $"allocated {allocated} bytes while reading {200 * block.Length} bytes");
    }

    [Fact]
    public void InspectTextAfterClosingQuoteIsKeptInTheField()
    {
        var inspection = CsvTestFiles.Inspect("a,b\n\"x\"y,z\n\"1\" ,2\n", 1);

        Assert.Equal(2, inspection.RowCount);
    }

    [Fact]
    public async Task PreviewTextAfterClosingQuoteMatchesInspector()
    {
        var bytes = "a,b\n\"x\"y,z\nq\"r,\"s\"\"\"\n"u8.ToArray();
        var inspection = CsvTestFiles.Inspect(bytes);

        var preview = await CsvPreview.ReadAsync(new MemoryStream(bytes), inspection.Dialect, 5, TestContext.Current.CancellationToken);

        Assert.Equal(2, inspection.RowCount);
        Assert.Equal(["xy", "z"], preview.Rows[0]);
        Assert.Equal(["q\"r", "s\""], preview.Rows[1]);
    }

    /// <summary>A line break inside quotes counts one line wherever the pieces of the upload split it, so later errors name the right line.</summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(7)]
    [InlineData(65_536)]
    public void QuotedCrLfSplitBetweenPiecesCountsOneLine(int chunkSize)
    {
        var error = CsvTestFiles.InspectFails("a,b\r\n\"x\r\ny\",z\r\n\"p\r\nq\",r\r\n1,2,3\r\n", chunkSize);

        Assert.Equal(CsvErrorCode.RaggedRow, error.Code);
        Assert.Equal(6, error.Line);
    }
}
