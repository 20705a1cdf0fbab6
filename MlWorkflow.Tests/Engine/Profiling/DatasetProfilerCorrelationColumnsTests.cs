using System.Globalization;
using System.Text;
using System.Text.Json;
using MlWorkflow.Engine.Profiling;

namespace MlWorkflow.Tests.Engine.Profiling;

/// <summary>Which columns the correlations consider: chosen on evidence from anywhere in the file, not by position.</summary>
public sealed class DatasetProfilerCorrelationColumnsTests
{
    private const int Rows = 300;

    [Fact]
    public async Task ProfileWideFileConsidersUsefulColumnsPastTheFirstSixtyFour()
    {
        // 70 free-text columns first, then 70 numbers, then the label: nothing usable among the first 64 columns.
        var names = Enumerable.Range(0, 70).Select(i => $"note{i}").Concat(Enumerable.Range(0, 70).Select(i => $"x{i}")).Append("label").ToList();
        var csv = Table(names, (name, row, random) => name switch
        {
            "label" => row % 3 == 0 ? "yes" : "no",
            _ when name.StartsWith("note", StringComparison.Ordinal) => $"free text {name} number {row * 7919 % 100_000} about things",
            _ => (random.NextDouble() * 100 + row).ToString("0.###", CultureInfo.InvariantCulture),
        });

        var profile = await ProfileTestKit.ProfileAsync(csv);

        var considered = profile.Correlations!.Columns;
        Assert.Equal(50, considered.Count);
        Assert.Equal("label", considered[^1]);
        Assert.All(considered.SkipLast(1), column => Assert.StartsWith("x", column, StringComparison.Ordinal));
        Assert.Equal(considered.OrderBy(names.IndexOf), considered);
        Assert.True(profile.Correlations.Matrix[0][1] > 0.9, "x0 and x1 both grow with the row number");
    }

    [Fact]
    public async Task ProfileWithMoreThanFiftyUsableColumnsLeavesOutTheMostlyMissingFirst()
    {
        var names = Enumerable.Range(0, 55).Select(i => $"x{i}").Append("label").ToList();
        string[] sparse = ["x1", "x20", "x33", "x40", "x41"];
        var csv = Table(names, (name, row, random) => name switch
        {
            "label" => row % 2 == 0 ? "yes" : "no",
            _ when sparse.Contains(name) && row % 10 < 7 => "",
            _ => (random.NextDouble() * 10).ToString("0.###", CultureInfo.InvariantCulture),
        });

        var profile = await ProfileTestKit.ProfileAsync(csv);

        var considered = profile.Correlations!.Columns;
        Assert.Equal(50, considered.Count);
        Assert.Contains("label", considered);
        Assert.Empty(considered.Intersect(sparse));
        Assert.Equal(profile.CorrelationMatrices.Single(matrix => matrix.Method == "spearman").Columns, considered.SkipLast(1));
    }

    [Fact]
    public async Task ProfileWideFileOnTwoThreadsEqualsProfileOnOne()
    {
        // 80 columns: batches of about 3,300 rows, so the columns are chosen while other batches are still to come.
        var names = Enumerable.Range(0, 80).Select(i => i % 3 == 0 ? $"c{i}" : $"x{i}").ToList();
        var csv = Encoding.UTF8.GetBytes(Table(names, (name, row, random) => name[0] == 'c'
            ? $"k{random.Next(5)}"
            : (random.NextDouble() * 100).ToString("0.##", CultureInfo.InvariantCulture), rows: 4_000));

        var one = await ProfileTestKit.ProfileAsync(csv, new ProfileOptions { UseSecondThread = false }, readSize: 65_536);
        var two = await ProfileTestKit.ProfileAsync(csv, new ProfileOptions { UseSecondThread = true }, readSize: 65_536);

        Assert.Equal(50, two.Correlations!.Columns.Count);
        Assert.Equal(JsonSerializer.Serialize(one), JsonSerializer.Serialize(two));
    }

    private static string Table(IReadOnlyList<string> names, Func<string, int, Random, string> cell, int rows = Rows)
    {
        var random = new Random(11);
        var text = new StringBuilder(string.Join(',', names)).Append('\n');
        for (var row = 0; row < rows; row++)
        {
            text.AppendJoin(',', names.Select(name => cell(name, row, random))).Append('\n');
        }
        return text.ToString();
    }
}
