using System.Text;
using MlWorkflow.Engine.Csv;

namespace MlWorkflow.Tests.Engine.Csv;

/// <summary>Writes seeded random tables with every quoting case, then reads them back in random chunk sizes.</summary>
public sealed class CsvRoundTripTests
{
    private static readonly string[] s_pieces = ["a", "Zürich", "日本", "🎉", " ", "x y", "\"", ",", ";", "\t", "|", "\n", "\r\n", "\r", "1.5", ""];

    [Theory]
    [InlineData(1, ',', "\n")]
    [InlineData(2, ';', "\r\n")]
    [InlineData(3, '\t', "\r\n")]
    [InlineData(4, '|', "\n")]
    [InlineData(5, ',', "\r")]
    public async Task InspectAndPreviewReadBackWhatWasWritten(int seed, char delimiter, string lineEnd)
    {
        var random = new Random(seed);
        var columns = Enumerable.Range(1, random.Next(2, 9)).Select(i => $"col {i}").ToArray();
        var rows = Enumerable.Range(0, 300)
            .Select(_ => columns.Select(_ => RandomValue(random)).ToArray())
            .ToList();
        var bytes = Encoding.UTF8.GetBytes(Write(columns, rows, delimiter, lineEnd));

        foreach (var chunkSize in new[] { 1, random.Next(2, 50), random.Next(50, 5_000), bytes.Length })
        {
            var inspection = CsvTestFiles.Inspect(bytes, chunkSize);

            Assert.Equal(delimiter, inspection.Dialect.Delimiter);
            Assert.Equal(columns, inspection.Columns);
            Assert.Equal(rows.Count, inspection.RowCount);
        }
        var preview = await CsvPreview.ReadAsync(
            new MemoryStream(bytes), new CsvDialect(delimiter, CsvDialect.Utf8), rows.Count, TestContext.Current.CancellationToken);
        Assert.Equal(columns, preview.Columns);
        Assert.Equal(rows.Count, preview.Rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            Assert.Equal(rows[i], preview.Rows[i]);
        }
    }

    private static string? RandomValue(Random random)
    {
        var value = string.Concat(Enumerable.Range(0, random.Next(0, 4)).Select(_ => s_pieces[random.Next(s_pieces.Length)]));
        return value.Length == 0 ? null : value;
    }

    private static string Write(string[] columns, List<string?[]> rows, char delimiter, string lineEnd)
    {
        var text = new StringBuilder(string.Join(delimiter, columns)).Append(lineEnd);
        foreach (var row in rows)
        {
            text.AppendJoin(delimiter, row.Select(value => Quote(value, delimiter))).Append(lineEnd);
        }
        return text.ToString();
    }

    private static string Quote(string? value, char delimiter) =>
        value is null ? ""
        : value.IndexOfAny([delimiter, '"', '\r', '\n']) >= 0 || value.Trim().Length == 0 ? $"\"{value.Replace("\"", "\"\"")}\""
        : value;
}
