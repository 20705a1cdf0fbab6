using System.Globalization;
using System.Text;
using MlWorkflow.Engine.Profiling;
using MlWorkflow.Tests.Infrastructure;

namespace MlWorkflow.Tests.Engine.Profiling;

public sealed class DatasetProfilerQuantileTests
{
    /// <summary>The stated bound (ColumnProfile.Quantiles): rank within ±1% of the count.</summary>
    private const double RankErrorBound = 0.01;

    private static readonly double[] s_probabilities = [0.01, 0.05, 0.25, 0.50, 0.75, 0.95, 0.99];

    [Theory]
    [MemberData(nameof(DatasetProfilerSampleTests.Samples), MemberType = typeof(DatasetProfilerSampleTests))]
    public async Task ProfileSampleQuantilesAreWithinTheStatedRankError(string file)
    {
        var reference = SampleReference.Load(file);

        var profile = await ProfileTestKit.ProfileSampleAsync(file);

        foreach (var column in profile.Columns.Where(column => column.Type is ColumnType.Numeric or ColumnType.Integer))
        {
            AssertRankErrorWithinBound(reference.Numbers(column.Name), column.Quantiles!, column.Name);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [Slow]
    public async Task ProfileMillionValuesQuantilesAreWithinTheStatedRankError(int seed)
    {
        var random = new Random(seed);
        var columns = new double[3][];
        columns[0] = [.. Enumerable.Range(0, 1_000_000).Select(_ => random.NextDouble() * 1_000 - 200)];
        columns[1] = [.. Enumerable.Range(0, 1_000_000).Select(_ => Math.Round(Math.Exp(3 * NextGaussian(random)), 4))];
        columns[2] = [.. Enumerable.Range(0, 1_000_000).Select(i => (double)(i % 1_000 + random.Next(3)))];   // sawtooth with ties
        var text = new StringBuilder("uniform,lognormal,sawtooth\n", 30_000_000);
        for (var i = 0; i < 1_000_000; i++)
        {
            text.Append(columns[0][i].ToString("R", CultureInfo.InvariantCulture)).Append(',')
                .Append(columns[1][i].ToString("R", CultureInfo.InvariantCulture)).Append(',')
                .Append(columns[2][i].ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        var profile = await ProfileTestKit.ProfileAsync(Encoding.UTF8.GetBytes(text.ToString()));

        AssertRankErrorWithinBound(columns[0], profile.Column("uniform").Quantiles!, "uniform");
        AssertRankErrorWithinBound(columns[1], profile.Column("lognormal").Quantiles!, "lognormal");
        AssertRankErrorWithinBound(columns[2], profile.Column("sawtooth").Quantiles!, "sawtooth");
        foreach (var (name, values) in new[] { ("uniform", columns[0]), ("lognormal", columns[1]), ("sawtooth", columns[2]) })
        {
            var histogram = profile.Column(name).Histogram!;
            Assert.Equal(1_000_000, histogram.Counts.Sum());
            for (var bin = 0; bin < histogram.Counts.Count; bin++)
            {
                var exact = ExactBinCount(values, histogram.Edges, bin);
                Assert.True(Math.Abs(histogram.Counts[bin] - exact) <= 2 * RankErrorBound * values.Length, $"{name} bin {bin}: {histogram.Counts[bin]} vs exact {exact}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(DatasetProfilerSampleTests.Samples), MemberType = typeof(DatasetProfilerSampleTests))]
    public async Task ProfileSampleHistogramCountsSumToTheNumbersAndSmallColumnsAreExact(string file)
    {
        var reference = SampleReference.Load(file);

        var profile = await ProfileTestKit.ProfileSampleAsync(file);

        foreach (var column in profile.Columns.Where(column => column.Type is ColumnType.Numeric or ColumnType.Integer))
        {
            var values = reference.Numbers(column.Name);
            var histogram = column.Histogram!;
            Assert.Equal(values.Length, histogram.Counts.Sum());
            Assert.Equal(histogram.Edges.Count, histogram.Counts.Count + 1);
            Assert.True(histogram.Edges.Zip(histogram.Edges.Skip(1)).All(pair => pair.First < pair.Second));
            Assert.True(histogram.Edges[0] <= values.Min() && histogram.Edges[^1] >= values.Max());
            for (var bin = 0; bin < histogram.Counts.Count; bin++)
            {
                var exact = ExactBinCount(values, histogram.Edges, bin);
                var tolerance = values.Length < 400 ? 0 : 2 * RankErrorBound * values.Length;
                Assert.True(Math.Abs(histogram.Counts[bin] - exact) <= tolerance, $"{column.Name} bin {bin}: {histogram.Counts[bin]} vs exact {exact}");
            }
        }
    }

    [Fact]
    public async Task ProfileSmallIntegerRangeGetsOneBinPerValue()
    {
        var profile = await ProfileTestKit.ProfileAsync(ProfileTestKit.SingleColumn("stars", ["1", "2", "2", "5", "5", "5", "", "3"]));

        var histogram = profile.Column("stars").Histogram!;
        Assert.Equal([0.5, 1.5, 2.5, 3.5, 4.5, 5.5], histogram.Edges);
        Assert.Equal([1L, 2, 1, 0, 3], histogram.Counts);
        Assert.Equal(new QuantileSummary(1, 1, 2, 3, 5, 5, 5), profile.Column("stars").Quantiles);
    }

    private static void AssertRankErrorWithinBound(double[] values, QuantileSummary quantiles, string column)
    {
        var sorted = values.Order().ToArray();
        double[] answers = [quantiles.P01, quantiles.P05, quantiles.P25, quantiles.P50, quantiles.P75, quantiles.P95, quantiles.P99];
        for (var i = 0; i < answers.Length; i++)
        {
            Assert.True(Array.BinarySearch(sorted, answers[i]) >= 0, $"{column}: p{s_probabilities[i]} = {answers[i]} is not a value of the column");
            var below = LowerBound(sorted, answers[i]);
            var atOrBelow = LowerBound(sorted, Math.BitIncrement(answers[i]));
            var target = s_probabilities[i] * sorted.Length;
            var error = target < below ? below - target : target > atOrBelow ? target - atOrBelow : 0;
            Assert.True(error <= RankErrorBound * sorted.Length, $"{column}: p{s_probabilities[i]} = {answers[i]} has rank [{below}, {atOrBelow}], wanted {target} ± {RankErrorBound * sorted.Length}");
        }
    }

    private static long ExactBinCount(double[] values, IReadOnlyList<double> edges, int bin) =>
        values.LongCount(value => value >= edges[bin] && (value < edges[bin + 1] || (bin == edges.Count - 2 && value <= edges[bin + 1])));

    private static int LowerBound(double[] sorted, double value)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (sorted[mid] < value)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }
        return lo;
    }

    private static double NextGaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
