using MlWorkflow.Engine.Preprocessing;

namespace MlWorkflow.Tests.Engine.Preprocessing;

/// <summary>The radix select against a plain sort, on columns that force it past its first histogram and down to single values.</summary>
public sealed class ExactQuantilesTests
{
    [Theory]
    [InlineData("narrow")]
    [InlineData("repeated")]
    [InlineData("signed")]
    public void QuantilesOfLargeColumnEqualThoseOfTheSortedValues(string shape)
    {
        var random = new Random(5);
        var values = Enumerable.Range(0, 600_001).Select(i => i % 97 == 0 ? double.NaN : shape switch
        {
            "narrow" => 1 + random.NextDouble() * 1e-9,
            "repeated" => random.Next(10) == 0 ? random.NextDouble() : 7.25,
            _ => (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-5, 6)),
        }).ToArray();
        var sorted = values.Where(v => !double.IsNaN(v)).Order().ToArray();
        var temp = Directory.CreateTempSubdirectory("mlworkflow-quantiles-");
        try
        {
            using var spill = new SpillFile<double>(temp.FullName);
            foreach (var value in values)
            {
                spill.Add(value);
            }
            var source = new NumberSource(spill, new double[4_096], row => row);

            var median = ExactQuantiles.Median(source);
            var quantiles = ExactQuantiles.Linear(source, 0.01, 0.25, 0.75, 0.99)!;

            var n = sorted.Length;
            Assert.Equal(n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2, median);
            double[] expected = [.. new[] { 0.01, 0.25, 0.75, 0.99 }.Select(q => PreprocessTestKit.Quantile(sorted, q))];
            for (var i = 0; i < expected.Length; i++)
            {
                Assert.True(Math.Abs(expected[i] - quantiles[i]) <= 1e-15 * Math.Abs(expected[i]), $"q{i}: expected {expected[i]:R}, got {quantiles[i]:R}");
            }
        }
        finally
        {
            temp.Delete(recursive: true);
        }
    }
}
