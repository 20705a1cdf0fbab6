using System.Globalization;
using System.Text;
using MlWorkflow.Engine.Profiling;

namespace MlWorkflow.Tests.Engine.Profiling;

public sealed class DatasetProfilerCorrelationTests
{
    [Fact]
    public async Task ProfileLinearAndMonotoneColumnsCorrelateAsExpected()
    {
        var random = new Random(3);
        var text = new StringBuilder("x,linear,negative,monotone,noise\n");
        for (var i = 0; i < 2_000; i++)
        {
            var x = random.NextDouble() * 10;
            text.Append(Invariant(x)).Append(',').Append(Invariant(3 * x + 2)).Append(',').Append(Invariant(-0.5 * x))
                .Append(',').Append(Invariant(Math.Exp(x))).Append(',').Append(Invariant(random.NextDouble())).Append('\n');
        }

        var profile = await ProfileTestKit.ProfileAsync(text.ToString());

        var pearson = Matrix(profile, "pearson");
        var spearman = Matrix(profile, "spearman");
        Assert.Equal(1, Cell(pearson, "x", "linear")!.Value, 9);
        Assert.Equal(-1, Cell(pearson, "x", "negative")!.Value, 9);
        Assert.Equal(1, Cell(spearman, "x", "monotone")!.Value, 9);
        Assert.InRange(Cell(pearson, "x", "monotone")!.Value, 0.5, 0.85);
        Assert.InRange(Math.Abs(Cell(pearson, "x", "noise")!.Value), 0, 0.06);
        Assert.InRange(Math.Abs(Cell(spearman, "x", "noise")!.Value), 0, 0.06);
        Assert.Equal(1, Cell(profile.Correlations!, "x", "negative")!.Value, 9);
        Assert.Equal("auto", profile.Correlations!.Method);
        Assert.All(Enumerable.Range(0, 5), i => Assert.Equal(1, profile.Correlations!.Matrix[i][i]));
    }

    [Fact]
    public async Task ProfileCategoricalCopyHasCramersVOneAndIndependentNearZero()
    {
        var random = new Random(5);
        string[] labels = ["red", "green", "blue"];
        var text = new StringBuilder("colour,code,other,flag,size\n");
        for (var i = 0; i < 3_000; i++)
        {
            var colour = random.Next(3);
            var size = colour * 10 + random.NextDouble();
            text.Append(labels[colour]).Append(",c").Append(colour).Append(",o").Append(random.Next(4))
                .Append(',').Append(random.Next(2) == 0 ? "yes" : "no").Append(',').Append(Invariant(size)).Append('\n');
        }

        var profile = await ProfileTestKit.ProfileAsync(text.ToString());

        var cramers = Matrix(profile, "cramers_v");
        Assert.Equal(["colour", "code", "other", "flag"], cramers.Columns);
        Assert.Equal(1, Cell(cramers, "colour", "code")!.Value, 9);
        Assert.InRange(Cell(cramers, "colour", "other")!.Value, 0, 0.05);
        Assert.InRange(Cell(cramers, "flag", "other")!.Value, 0, 0.05);
        var ratio = Matrix(profile, "correlation_ratio");
        Assert.InRange(Cell(ratio, "size", "colour")!.Value, 0.99, 1);
        Assert.InRange(Cell(ratio, "size", "flag")!.Value, 0, 0.06);
        Assert.Null(Cell(ratio, "colour", "code"));
        Assert.Equal(Cell(ratio, "size", "colour"), Cell(profile.Correlations!, "colour", "size"));
        Assert.DoesNotContain(profile.CorrelationMatrices, matrix => matrix.Method is "pearson" or "spearman");
    }

    [Fact]
    public async Task ProfileLeavesOutIdentifiersTextAndDatesAndMarksUndefinedPairsNull()
    {
        var text = new StringBuilder("id,when,x,y,flat,note\n");
        for (var i = 0; i < 200; i++)
        {
            text.Append(i).Append(",2020-01-").Append((i % 28 + 1).ToString("D2", CultureInfo.InvariantCulture)).Append(',').Append(i % 7)
                .Append(',').Append(i % 2 == 0 ? "" : (i % 5).ToString(CultureInfo.InvariantCulture))
                .Append(',').Append(i % 2 == 1 ? "" : (i % 3).ToString(CultureInfo.InvariantCulture))
                .Append(",note number ").Append(i).Append('\n');
        }

        var profile = await ProfileTestKit.ProfileAsync(text.ToString());

        Assert.Equal(["x", "y", "flat"], profile.Correlations!.Columns);
        Assert.Null(Cell(profile.Correlations, "y", "flat"));   // never both present
        Assert.NotNull(Cell(profile.Correlations, "x", "flat"));
    }

    [Fact]
    public async Task ProfileLargerThanTheSampleStillFindsTheRelationships()
    {
        var random = new Random(11);
        var text = new StringBuilder("x,y,z,group\n");
        for (var i = 0; i < 60_000; i++)
        {
            var x = random.NextDouble();
            text.Append(Invariant(x)).Append(',').Append(Invariant(x * x)).Append(',').Append(Invariant(random.NextDouble()))
                .Append(',').Append(x < 0.5 ? "low" : "high").Append('\n');
        }

        var profile = await ProfileTestKit.ProfileAsync(text.ToString(), new ProfileOptions { CorrelationSampleRows = 5_000 });

        Assert.Equal(1, Cell(Matrix(profile, "spearman"), "x", "y")!.Value, 9);
        Assert.InRange(Math.Abs(Cell(Matrix(profile, "pearson"), "x", "z")!.Value), 0, 0.06);
        Assert.InRange(Cell(profile.Correlations!, "x", "group")!.Value, 0.8, 0.9);   // η of a uniform split at its median: √3/2
    }

    private static CorrelationMatrix Matrix(DatasetProfile profile, string method) =>
        profile.CorrelationMatrices.Single(matrix => matrix.Method == method);

    internal static double? Cell(CorrelationMatrix matrix, string a, string b)
    {
        var i = matrix.Columns.ToList().IndexOf(a);
        var j = matrix.Columns.ToList().IndexOf(b);
        Assert.True(i >= 0 && j >= 0, $"{a} or {b} not in {string.Join(", ", matrix.Columns)}");
        Assert.Equal(matrix.Matrix[i][j], matrix.Matrix[j][i]);
        return matrix.Matrix[i][j];
    }

    private static string Invariant(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
