using System.Globalization;
using MlWorkflow.Engine.Drift;
using MlWorkflow.Engine.Training;

namespace MlWorkflow.Tests.Engine.Drift;

/// <summary>PSI and Jensen–Shannon against values worked out by hand, and the sketched Wasserstein distance against the exact one on raw data.</summary>
public sealed class DriftStatisticsTests
{
    [Fact]
    public void PsiOfTwoBinsMatchesTheHandValue()
    {
        // Reference shares (0.5, 0.5), current (0.8, 0.2): (0.5 − 0.8)·ln(0.5/0.8) + (0.5 − 0.2)·ln(0.5/0.2) = 0.41588830833596724.
        var report = Check(Numbers([0, 1, 2], [50, 50]), [.. Repeat("0.5", 80), .. Repeat("1.5", 20)]);

        Assert.Equal(0.41588830833596724, report.Psi!.Value, 12);
        Assert.Equal(PsiLevels.High, report.PsiLevel);
        Assert.Equal([0.5, 0.5], report.Histogram!.Reference);
        Assert.Equal([0.8, 0.2], report.Histogram.Current);
    }

    [Fact]
    public void AnEmptyBinCountsAsOneInTenThousand()
    {
        // Shares (0.5, 0.5, 0) vs (0.5, 0.25, 0.25): 0 + 0.25·ln 2 + (0.0001 − 0.25)·ln(0.0001/0.25) = 2.1285158932529735.
        var report = Check(Numbers([0, 1, 2, 3], [50, 50, 0]), [.. Repeat("0.5", 50), .. Repeat("1.5", 25), .. Repeat("2.5", 25)]);

        Assert.Equal(2.1285158932529735, report.Psi!.Value, 12);
    }

    [Fact]
    public void JensenShannonOfCategoriesMatchesTheHandValue()
    {
        // P = (0.5, 0.5), Q = (0.9, 0.1), M = (0.7, 0.3): √((0.5·ln(0.5/0.7) + 0.5·ln(0.5/0.3) + 0.9·ln(0.9/0.7) + 0.1·ln(0.1/0.3)) / 2).
        var report = Check(Categories(["a", "b"], [50, 50]), [.. Repeat("a", 90), .. Repeat("b", 10)]);

        Assert.Equal(DriftMetrics.JensenShannon, report.Metric);
        Assert.Equal(0.31898154347735663, report.Distance!.Value, 12);
        Assert.Equal(0.8788898309344878, report.Psi!.Value, 12);
        Assert.Equal(["a", "b"], report.Histogram!.Labels);
        Assert.True(report.Drifted);
    }

    [Fact]
    public void UnseenCategoriesCountAsOther()
    {
        // (0.5, 0.5, 0) vs (0.5, 0.25, 0.25), M = (0.5, 0.375, 0.125): JS 0.328452092654953; PSI as in the empty-bin case.
        var report = Check(Categories(["a", "b"], [50, 50]), [.. Repeat("a", 50), .. Repeat("b", 25), .. Repeat("c", 15), .. Repeat("d", 10)]);

        Assert.Equal(["a", "b", DriftHistogram.Other], report.Histogram!.Labels);
        Assert.Equal([0.5, 0.25, 0.25], report.Histogram.Current);
        Assert.Equal(0.328452092654953, report.Distance!.Value, 12);
        Assert.Equal(2.1285158932529735, report.Psi!.Value, 12);
    }

    [Fact]
    public void JensenShannonUsesNaturalLogarithmsAsScipy()
    {
        // scipy.spatial.distance.jensenshannon's documented examples (base e unless given).
        Assert.Equal(0.46450140402245893, DriftStatistics.JensenShannon([1.0, 0.0], [0.5, 0.5]), 14);
        Assert.Equal(Math.Sqrt(Math.Log(2)), DriftStatistics.JensenShannon([1.0, 0.0, 0.0], [0.0, 1.0, 0.0]), 14);
        Assert.Equal(0, DriftStatistics.JensenShannon([1.0, 0.0, 0.0], [1.0, 0.0, 0.0]));
    }

    [Fact]
    public void ExactWassersteinMatchesScipy()
    {
        // scipy.stats.wasserstein_distance([0, 1, 3], [5, 6, 8]) == 5.0 (documented example).
        Assert.Equal(5.0, DriftTestKit.ExactWasserstein([0, 1, 3], [5, 6, 8]), 12);
    }

    /// <summary>
    /// The sketch is the reference's quantile function linear between its quantiles: between two levels it stays between
    /// the same two quantiles as the data (to within one rank), so its distance differs from the exact one by at most
    /// Σ Δlevel · Δquantile + (max − min) / n. Checked on the same values, a draw, a shift and a stretch of real columns; on
    /// these the error is also below 0.02 reference std, a fifth of the drift threshold.
    /// </summary>
    [Theory]
    [InlineData("titanic.csv", "survived", "age")]
    [InlineData("penguins.csv", "species", "body_mass_g")]
    [InlineData("penguins.csv", "species", "year")]
    [InlineData("cars.csv", "Miles_per_Gallon", "Horsepower")]
    [InlineData("cars.csv", "Miles_per_Gallon", "Displacement")]
    [InlineData("diabetes.csv", "target", "s5")]
    public void SketchedWassersteinIsWithinItsBoundOfTheExactOne(string file, string target, string column)
    {
        var values = DriftTestKit.Numbers(DriftTestKit.TrainingRows(file, target), column);
        var sketch = new NumberSketch();
        foreach (var value in values)
        {
            sketch.Add(value);
        }
        var reference = sketch.Build(column).Number!;
        var random = new Random(7);
        var draw = Enumerable.Range(0, 1_000).Select(_ => values[random.Next(values.Length)]).ToArray();
        double[][] currents =
        [
            values,
            draw,
            [.. draw.Select(v => v + (0.5 * reference.Std))],
            [.. draw.Select(v => reference.Mean + (1.3 * (v - reference.Mean)))],
        ];
        var tolerance = DriftStatistics.SketchError(NumberReference.QuantileLevels, reference.Quantiles) + ((reference.Max - reference.Min) / values.Length);
        foreach (var current in currents)
        {
            var exact = DriftTestKit.ExactWasserstein(values, current);
            var sketched = DriftStatistics.Wasserstein(NumberReference.QuantileLevels, reference.Quantiles, [.. current.Order()]);
            Assert.True(Math.Abs(sketched - exact) <= tolerance,
                string.Create(CultureInfo.InvariantCulture, $"{column}: sketch {sketched}, exact {exact}, tolerance {tolerance}"));
            Assert.True(Math.Abs(sketched - exact) / reference.Std <= 0.02,
                string.Create(CultureInfo.InvariantCulture, $"{column}: sketch {sketched}, exact {exact}, std {reference.Std}"));
        }
    }

    [Fact]
    public void AConstantReferenceIsNormedByTheStdFloor()
    {
        var sketch = new NumberSketch();
        for (var i = 0; i < 50; i++)
        {
            sketch.Add(5);
        }
        var report = Check(sketch.Build("x"), [.. Repeat("5.01", 100)]);

        Assert.Equal(10, report.Distance!.Value, 6);
        Assert.True(report.Drifted);
    }

    private static FeatureDrift Check(FeatureReference feature, IEnumerable<string> cells) =>
        DriftCalculator.Compute(new ReferenceSummary(100, [feature]), cells.Select(c => new LoggedRow(new Dictionary<string, string?> { ["x"] = c }, null)))
            .Features.Single();

    private static FeatureReference Numbers(double[] edges, long[] counts) => new("x", FeatureSpec.Number, 0,
        Number: new NumberReference(counts.Sum(), edges, counts, [.. NumberReference.QuantileLevels.Select(q => edges[^1] * q)], 1, 0.5, edges[0], edges[^1], counts.Sum()));

    private static FeatureReference Categories(string[] labels, long[] counts) =>
        new("x", FeatureSpec.Category, 0, Category: new CategoryReference(labels, counts, 0));

    private static IEnumerable<string> Repeat(string cell, int count) => Enumerable.Repeat(cell, count);
}
