using System.Globalization;
using System.Text;
using MlWorkflow.Engine.Profiling;

namespace MlWorkflow.Tests.Engine.Profiling;

public sealed class DatasetProfilerSkewnessTests
{
    [Theory]
    [MemberData(nameof(DatasetProfilerSampleTests.Samples), MemberType = typeof(DatasetProfilerSampleTests))]
    public async Task ProfileSampleSkewnessMatchesTwoPassComputation(string file)
    {
        var reference = SampleReference.Load(file);

        var profile = await ProfileTestKit.ProfileSampleAsync(file);

        foreach (var column in profile.Columns.Where(column => column.Type is ColumnType.Numeric or ColumnType.Integer))
        {
            ProfileTestKit.AssertRelativelyEqual(TwoPassSkewness(reference.Numbers(column.Name)), column.Skewness);
        }
    }

    [Fact]
    public async Task ProfileShiftedValuesSkewnessStaysStable()
    {
        var random = new Random(7);
        var values = Enumerable.Range(0, 100_000).Select(_ => 1e9 + Math.Round(Math.Exp(random.NextDouble() * 3), 3)).ToArray();
        var text = ProfileTestKit.SingleColumn("x", values.Select(value => value.ToString("R", CultureInfo.InvariantCulture)));

        var profile = await ProfileTestKit.ProfileAsync(Encoding.UTF8.GetBytes(text));

        ProfileTestKit.AssertRelativelyEqual(TwoPassSkewness(values), profile.Column("x").Skewness, 1e-6);
    }

    [Fact]
    public async Task ProfileSkewnessIsNullBelowThreeAndZeroForEqualValues()
    {
        var two = await ProfileTestKit.ProfileAsync(ProfileTestKit.SingleColumn("x", ["1.5", "2.5", ""]));
        var equal = await ProfileTestKit.ProfileAsync("x,y\n4,1\n4,2\n4,3\n5,4\n");

        Assert.Null(two.Column("x").Skewness);
        Assert.Equal(0.0, equal.Column("y").Skewness!.Value, 12);
        Assert.Equal(2.0, Math.Round(equal.Column("x").Skewness!.Value, 12));
    }

    /// <summary>
    /// pandas' <c>skew()</c>: G1 = √(n(n−1))/(n−2) · m3/m2^1.5 with central moments about the two-pass mean;
    /// values are shifted by the first one (exact for values of similar size), so the sum does not lose the mean.
    /// </summary>
    private static double TwoPassSkewness(double[] raw)
    {
        var values = raw.Select(value => value - raw[0]).ToArray();
        double n = values.Length;
        var mean = values.Sum() / n;
        var m2 = values.Sum(value => (value - mean) * (value - mean)) / n;
        var m3 = values.Sum(value => (value - mean) * (value - mean) * (value - mean)) / n;
        return m2 == 0 ? 0 : Math.Sqrt(n * (n - 1)) / (n - 2) * m3 / Math.Pow(m2, 1.5);
    }
}
