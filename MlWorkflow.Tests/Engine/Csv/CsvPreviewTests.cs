using System.Text;
using MlWorkflow.Engine.Csv;

namespace MlWorkflow.Tests.Engine.Csv;

public sealed class CsvPreviewTests
{
    private static readonly CsvDialect s_comma = new(',', CsvDialect.Utf8);

    [Fact]
    public async Task PreviewIrisReturnsFirstRows()
    {
        await using var stream = File.OpenRead(CsvTestFiles.Sample("iris.csv"));

        var preview = await CsvPreview.ReadAsync(stream, s_comma, 3, TestContext.Current.CancellationToken);

        Assert.Equal(["sepal length (cm)", "sepal width (cm)", "petal length (cm)", "petal width (cm)", "target"], preview.Columns);
        Assert.Equal(3, preview.Rows.Count);
        Assert.Equal(["5.1", "3.5", "1.4", "0.2", "setosa"], preview.Rows[0]);
        Assert.Equal(["4.9", "3.0", "1.4", "0.2", "setosa"], preview.Rows[1]);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task PreviewSkipsByteOrderMarkSplitAcrossReads(int readSize)
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("a,b\n1,2\n")).ToArray();
        await using var stream = new Profiling.SmallReadStream(bytes, readSize);

        var preview = await CsvPreview.ReadAsync(stream, new CsvDialect(',', CsvDialect.Utf8WithBom), 10, TestContext.Current.CancellationToken);

        Assert.Equal(["a", "b"], preview.Columns);
        Assert.Equal(["1", "2"], preview.Rows[0]);
    }

    [Theory]
    [InlineData("iris.csv")]
    [InlineData("penguins.csv")]
    [InlineData("titanic.csv")]
    [InlineData("cars.csv")]
    [InlineData("diabetes.csv")]
    public async Task PreviewAllRowsAgreesWithInspector(string file)
    {
        var bytes = CsvTestFiles.ReadSample(file);
        var inspection = CsvTestFiles.Inspect(bytes);

        var preview = await CsvPreview.ReadAsync(new MemoryStream(bytes), inspection.Dialect, int.MaxValue, TestContext.Current.CancellationToken);

        Assert.Equal(inspection.Columns, preview.Columns);
        Assert.Equal(inspection.RowCount, preview.Rows.Count);
        Assert.All(preview.Rows, row => Assert.Equal(inspection.Columns.Count, row.Count));
    }

    [Fact]
    public async Task PreviewEmptyFieldsAreNullAndQuotedValuesUnescaped()
    {
        const string text = "id,comment,score\r\n\r\n1,\"hello, world\",\r\n2,\"two\r\nlines\",\"\"\r\n3,\"say \"\"hi\"\"\",7";
        var bytes = Encoding.UTF8.GetBytes(text);
        var inspection = CsvTestFiles.Inspect(bytes);

        var preview = await CsvPreview.ReadAsync(new MemoryStream(bytes), inspection.Dialect, 10, TestContext.Current.CancellationToken);

        Assert.Equal(3, inspection.RowCount);
        Assert.Equal(3, preview.Rows.Count);
        Assert.Equal(["1", "hello, world", null], preview.Rows[0]);
        Assert.Equal(["2", "two\r\nlines", null], preview.Rows[1]);
        Assert.Equal(["3", "say \"hi\"", "7"], preview.Rows[2]);
    }

    [Fact]
    public async Task PreviewSkipsUtf8ByteOrderMark()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat("a,b\n1,é\n"u8.ToArray()).ToArray();
        var inspection = CsvTestFiles.Inspect(bytes);

        var preview = await CsvPreview.ReadAsync(new MemoryStream(bytes), inspection.Dialect, 5, TestContext.Current.CancellationToken);

        Assert.Equal(["a", "b"], preview.Columns);
        Assert.Equal(["1", "é"], preview.Rows.Single());
    }

    [Fact]
    public async Task PreviewDecodesUtf16AndWindows1252()
    {
        var utf16 = new UnicodeEncoding(bigEndian: true, byteOrderMark: true);
        var files = new[]
        {
            utf16.GetPreamble().Concat(utf16.GetBytes("name;city\nJosé;Zürich 🎉\n")).ToArray(),
            new CsvDialect(';', CsvDialect.Windows1252).GetEncoding().GetBytes("name;city\nJosé;Zürich €\n"),
        };

        foreach (var bytes in files)
        {
            var inspection = CsvTestFiles.Inspect(bytes);

            var preview = await CsvPreview.ReadAsync(new MemoryStream(bytes), inspection.Dialect, 5, TestContext.Current.CancellationToken);

            Assert.Equal(["name", "city"], preview.Columns);
            Assert.Equal("José", preview.Rows.Single()[0]);
            Assert.StartsWith("Zürich ", preview.Rows.Single()[1]);
        }
    }

    [Fact]
    public async Task PreviewZeroRowsReturnsColumnsOnly()
    {
        var preview = await CsvPreview.ReadAsync(new MemoryStream("x\ty\n1\t2\n"u8.ToArray()), new CsvDialect('\t', CsvDialect.Utf8), 0, TestContext.Current.CancellationToken);

        Assert.Equal(["x", "y"], preview.Columns);
        Assert.Empty(preview.Rows);
    }

    [Fact]
    public async Task PreviewStopsReadingAfterMaxRows()
    {
        var text = new StringBuilder("n\n");
        for (var i = 0; i < 200_000; i++)
        {
            text.Append(i).Append('\n');
        }
        var stream = new CountingStream(Encoding.UTF8.GetBytes(text.ToString()));

        var preview = await CsvPreview.ReadAsync(stream, s_comma, 20, TestContext.Current.CancellationToken);

        Assert.Equal(20, preview.Rows.Count);
        Assert.Equal("19", preview.Rows[^1][0]);
        Assert.True(stream.BytesRead < stream.Length / 2, $"read {stream.BytesRead} of {stream.Length} bytes");
    }

    [Fact]
    public async Task PreviewEmptyStreamIsEmpty()
    {
        var error = await Assert.ThrowsAsync<CsvFormatException>(
            () => CsvPreview.ReadAsync(new MemoryStream(), s_comma, 5, TestContext.Current.CancellationToken));

        Assert.Equal(CsvErrorCode.Empty, error.Code);
    }

    private sealed class CountingStream(byte[] bytes) : MemoryStream(bytes)
    {
        public long BytesRead { get; private set; }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var read = await base.ReadAsync(buffer, cancellationToken);
            BytesRead += read;
            return read;
        }
    }
}
