using System.Text;
using MlWorkflow.Engine.Csv;

namespace MlWorkflow.Tests.Engine.Csv;

public sealed class CsvInspectorSampleTests
{
    public static TheoryData<string, long, int, string, string> Samples => new()
    {
        { "iris.csv", 150, 5, "sepal length (cm)", "target" },
        { "penguins.csv", 344, 8, "species", "year" },
        { "titanic.csv", 1309, 5, "name", "passengerClass" },
        { "cars.csv", 406, 9, "Name", "Origin" },
        { "diabetes.csv", 442, 11, "age", "target" },
    };

    [Theory]
    [MemberData(nameof(Samples))]
    public void InspectSampleCountsRowsAndColumns(string file, long rows, int columns, string first, string last)
    {
        var bytes = CsvTestFiles.ReadSample(file);

        var inspection = CsvTestFiles.Inspect(bytes);

        Assert.Equal(rows, inspection.RowCount);
        Assert.Equal(columns, inspection.Columns.Count);
        Assert.Equal(first, inspection.Columns[0]);
        Assert.Equal(last, inspection.Columns[^1]);
        Assert.Equal(bytes.Length, inspection.ByteCount);
        Assert.Equal(new CsvDialect(',', CsvDialect.Utf8), inspection.Dialect);
        Assert.Equal("csv", inspection.Dialect.Format);
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void InspectSampleIsIndependentOfChunkSize(string file, long rows, int columns, string first, string last)
    {
        var bytes = CsvTestFiles.ReadSample(file);

        var whole = CsvTestFiles.Inspect(bytes, bytes.Length);
        var results = new[] { 1, 7, 65_536 }.Select(size => CsvTestFiles.Inspect(bytes, size)).ToList();

        Assert.All(results, result =>
        {
            Assert.Equal(whole.Dialect, result.Dialect);
            Assert.Equal(whole.Columns, result.Columns);
            Assert.Equal(whole.RowCount, result.RowCount);
            Assert.Equal(whole.ByteCount, result.ByteCount);
        });
        Assert.Equal((rows, columns, first, last), (whole.RowCount, whole.Columns.Count, whole.Columns[0], whole.Columns[^1]));
    }

    [Theory]
    [InlineData("iris.csv", '\t', "tsv")]
    [InlineData("penguins.csv", '\t', "tsv")]
    [InlineData("cars.csv", ';', "csv")]
    [InlineData("diabetes.csv", ';', "csv")]
    [InlineData("titanic.csv", '|', "csv")]
    public void InspectSampleWithOtherDelimiterDetectsIt(string file, char delimiter, string format)
    {
        var comma = CsvTestFiles.Inspect(CsvTestFiles.ReadSample(file));
        var text = File.ReadAllText(CsvTestFiles.Sample(file)).Replace(',', delimiter);

        var inspection = CsvTestFiles.Inspect(Encoding.UTF8.GetBytes(text), 7);

        Assert.Equal(delimiter, inspection.Dialect.Delimiter);
        Assert.Equal(format, inspection.Dialect.Format);
        Assert.Equal(comma.Columns, inspection.Columns);
        Assert.Equal(comma.RowCount, inspection.RowCount);
    }

    [Fact]
    public void InspectSemicolonFileWithDecimalCommasChoosesSemicolon()
    {
        var inspection = CsvTestFiles.Inspect("name;price;weight\napple;1,50;0,2\npear;2,25;0,3\nfig;0,75;0,1\n");

        Assert.Equal(';', inspection.Dialect.Delimiter);
        Assert.Equal(["name", "price", "weight"], inspection.Columns);
        Assert.Equal(3, inspection.RowCount);
    }

    [Fact]
    public void InspectSingleColumnFileAllowsOneColumn()
    {
        var inspection = CsvTestFiles.Inspect("review\ngreat product\nwould not buy again\nok\n");

        Assert.Equal(["review"], inspection.Columns);
        Assert.Equal(3, inspection.RowCount);
        Assert.Equal(',', inspection.Dialect.Delimiter);
    }

    [Fact]
    public void InspectAfterCompleteThrowsInvalidOperation()
    {
        var inspector = new CsvInspector(new CsvLimits());
        inspector.Append("a,b\n1,2\n"u8);
        inspector.Complete();

        Assert.Throws<InvalidOperationException>(() => inspector.Append("3,4\n"u8));
        Assert.Throws<InvalidOperationException>(() => inspector.Complete());
    }
}
