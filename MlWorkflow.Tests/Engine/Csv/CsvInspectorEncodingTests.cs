using System.Text;
using MlWorkflow.Engine.Csv;

namespace MlWorkflow.Tests.Engine.Csv;

public sealed class CsvInspectorEncodingTests
{
    private const string Accented = "name,city,emoji\nJosé,Zürich,🎉\nRenée,Besançon,日本\n";

    [Fact]
    public void InspectUtf8BomSkipsMarkAndNamesEncoding()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(CsvTestFiles.ReadSample("iris.csv")).ToArray();

        var inspection = CsvTestFiles.Inspect(bytes, 1);

        Assert.Equal(CsvDialect.Utf8WithBom, inspection.Dialect.EncodingName);
        Assert.Equal(3, inspection.Dialect.PreambleLength);
        Assert.Equal("sepal length (cm)", inspection.Columns[0]);
        Assert.Equal(150, inspection.RowCount);
        Assert.Equal(bytes.Length, inspection.ByteCount);
    }

    [Theory]
    [InlineData(false, CsvDialect.Utf16LittleEndian)]
    [InlineData(true, CsvDialect.Utf16BigEndian)]
    public void InspectUtf16WithBomReadsText(bool bigEndian, string encodingName)
    {
        var encoding = new UnicodeEncoding(bigEndian, byteOrderMark: true);
        var bytes = encoding.GetPreamble().Concat(encoding.GetBytes(Accented)).ToArray();

        foreach (var chunkSize in new[] { 1, 3, 7, 65_536 })
        {
            var inspection = CsvTestFiles.Inspect(bytes, chunkSize);

            Assert.Equal(encodingName, inspection.Dialect.EncodingName);
            Assert.Equal(2, inspection.Dialect.PreambleLength);
            Assert.Equal(["name", "city", "emoji"], inspection.Columns);
            Assert.Equal(2, inspection.RowCount);
        }
    }

    [Fact]
    public void InspectUtf8WithoutBomSplitsMultibyteCharactersAcrossChunks()
    {
        var bytes = Encoding.UTF8.GetBytes(Accented);

        var inspections = new[] { 1, 2, 3, 5 }.Select(size => CsvTestFiles.Inspect(bytes, size)).ToList();

        Assert.All(inspections, inspection =>
        {
            Assert.Equal(CsvDialect.Utf8, inspection.Dialect.EncodingName);
            Assert.Equal(2, inspection.RowCount);
        });
    }

    [Fact]
    public void InspectSniffWindowEndingInsideCharacterStaysUtf8()
    {
        var limits = new CsvLimits { SniffBytes = 1_024 };
        var text = new StringBuilder("id,city\n");
        while (text.Length < 1_000)
        {
            text.Append("1,Bern\n");
        }
        text.Append('2', 1_021 - text.Length).Append(",Zürich\n").Append("3,Genève\n");
        var bytes = Encoding.UTF8.GetBytes(text.ToString());
        Assert.Equal(0xC3, bytes[1_023]);

        var inspection = CsvTestFiles.Inspect(bytes, 100, limits);

        Assert.Equal(CsvDialect.Utf8, inspection.Dialect.EncodingName);
    }

    [Fact]
    public void InspectWindows1252FileReadsAccents()
    {
        var bytes = new CsvDialect(',', CsvDialect.Windows1252).GetEncoding().GetBytes("name,city\nJosé,Zürich\nRenée,Besançon € ‰\n");

        foreach (var chunkSize in new[] { 1, 65_536 })
        {
            var inspection = CsvTestFiles.Inspect(bytes, chunkSize);

            Assert.Equal(CsvDialect.Windows1252, inspection.Dialect.EncodingName);
            Assert.Equal(0, inspection.Dialect.PreambleLength);
            Assert.Equal(2, inspection.RowCount);
        }
    }

    [Fact]
    public void InspectTruncatedUtf8AtEndIsUndecodable()
    {
        var bytes = Encoding.UTF8.GetBytes("a,b\n1,x\n2,y\n3,z\n4,").Append((byte)0xE2).Append((byte)0x82).ToArray();

        var error = CsvTestFiles.InspectFails(bytes, 1, new CsvLimits { SniffBytes = 16 });

        Assert.Equal(CsvErrorCode.Undecodable, error.Code);
        Assert.Equal(5, error.Line);
        Assert.Contains("byte offset 18", error.Message);
    }

    [Fact]
    public void InspectLoneUtf16SurrogateIsUndecodable()
    {
        // Encoding.GetBytes would replace the lone surrogate, so lay the UTF-16 code units out by hand.
        var bytes = new byte[] { 0xFF, 0xFE }.Concat("a,b\n1,2\n3,\uD83D4\n".SelectMany(c => new[] { (byte)c, (byte)(c >> 8) })).ToArray();

        var error = CsvTestFiles.InspectFails(bytes, 1);

        Assert.Equal(CsvErrorCode.Undecodable, error.Code);
        Assert.Equal(3, error.Line);
    }

    [Fact]
    public void InspectUtf32IsUndecodable()
    {
        var bytes = new UTF32Encoding(bigEndian: false, byteOrderMark: true).GetPreamble()
            .Concat(new UTF32Encoding(false, false).GetBytes("a,b\n1,2\n")).ToArray();

        var error = CsvTestFiles.InspectFails(bytes);

        Assert.Equal(CsvErrorCode.Undecodable, error.Code);
        Assert.Contains("UTF-32", error.Message);
    }

    [Theory]
    [InlineData(CsvDialect.Utf8, 0, "csv")]
    [InlineData(CsvDialect.Utf8WithBom, 3, "csv")]
    [InlineData(CsvDialect.Utf16LittleEndian, 2, "csv")]
    [InlineData(CsvDialect.Utf16BigEndian, 2, "csv")]
    [InlineData(CsvDialect.Windows1252, 0, "csv")]
    public void DialectGetEncodingMatchesPreamble(string encodingName, int preambleLength, string format)
    {
        var dialect = new CsvDialect(',', encodingName);

        var encoding = dialect.GetEncoding();

        Assert.Equal(preambleLength, dialect.PreambleLength);
        Assert.Equal(preambleLength, encoding.Preamble.Length);
        Assert.Equal(format, dialect.Format);
        Assert.Equal("é,€", encoding.GetString(encoding.GetBytes("é,€")));
    }
}
