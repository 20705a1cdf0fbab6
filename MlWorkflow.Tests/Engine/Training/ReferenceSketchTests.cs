using MlWorkflow.Engine.Training;

namespace MlWorkflow.Tests.Engine.Training;

/// <summary>The bounded sketches a reference is built from: exact while small, a uniform sample once past their capacity.</summary>
public sealed class ReferenceSketchTests
{
    [Fact]
    public void ASampleKeepsEveryValueUntilFullThenAUniformShare()
    {
        var small = new ValueSample(1_000);
        var large = new ValueSample(1_000);
        for (var i = 0; i < 1_000; i++)
        {
            small.Add(i);
        }
        for (var i = 0; i < 1_000_000; i++)
        {
            large.Add(i);
        }

        Assert.Equal(Enumerable.Range(0, 1_000).Select(i => (double)i), small.Values);
        Assert.Equal(1_000_000, large.Seen);
        Assert.Equal(1_000, large.Values.Distinct().Count());
        // A uniform sample of 0…999,999: mean 500,000 ± 9,129 (σ/√n); a quarter of it in each quarter, ± 14 (binomial σ).
        Assert.InRange(large.Values.Average(), 500_000 - (4 * 9_129), 500_000 + (4 * 9_129));
        Assert.All(Enumerable.Range(0, 4), q => Assert.InRange(large.Values.Count(v => (int)(v / 250_000) == q), 250 - (4 * 14), 250 + (4 * 14)));
        Assert.True(large.Values.Count(v => v >= 900_000) > 50, "the last values seen are sampled too");
    }

    [Fact]
    public void ANumberSketchPastItsSampleScalesItsCounts()
    {
        var sketch = new NumberSketch();
        var random = new Random(3);
        for (var i = 0; i < 300_000; i++)
        {
            sketch.Add(i % 10 == 0 ? double.NaN : random.NextDouble());
        }

        var reference = sketch.Build("u");
        var number = reference.Number!;

        Assert.Equal(0.1, reference.MissingRate, 12);
        Assert.Equal(270_000, number.Count);
        Assert.Equal(NumberSketch.SampleSize, number.Sampled);
        Assert.InRange(number.Counts.Sum(), 269_990, 270_010);
        Assert.All(number.Counts, c => Assert.InRange(c, 27_000 * 0.95, 27_000 * 1.05));
        Assert.Equal(NumberReference.QuantileLevels.Count, number.Quantiles.Count);
        Assert.All(NumberReference.QuantileLevels.Zip(number.Quantiles), p => Assert.InRange(p.Second, p.First - 0.01, p.First + 0.01));
        Assert.Equal(0.5, number.Mean, 2);
        Assert.Equal(Math.Sqrt(1 / 12.0), number.Std, 2);
    }

    [Fact]
    public void ACategoryTallyKeepsTheMostFrequentAndCountsTheRestAsOther()
    {
        var tally = new CategoryTally();
        for (var i = 0; i < 150; i++)
        {
            for (var n = 0; n <= i % 3; n++)
            {
                tally.Add($"v{i:000}");
            }
        }
        tally.Missing = 7;

        var reference = tally.Build("c");
        var category = reference.Category!;

        Assert.Equal(ReferenceSummary.MaxCategories, category.Categories.Count);
        Assert.Equal(["v002", "v005", "v008"], category.Categories.Take(3));
        Assert.Equal(3, category.Counts[0]);
        Assert.Equal((50 * 6) - category.Counts.Sum(), category.Other);
        Assert.Equal(7 / 307.0, reference.MissingRate, 12);
    }
}
