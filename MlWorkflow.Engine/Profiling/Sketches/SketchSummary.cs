namespace MlWorkflow.Engine.Profiling.Sketches;

/// <summary>Reads the profile's quantiles and histogram off a column's <see cref="KllSketch"/>.</summary>
internal static class SketchSummary
{
    /// <summary>Equal-width bins for real numbers; integer columns spanning at most this many values get one bin per value.</summary>
    public const int Bins = 30;

    public const int MaxIntegerBins = 50;

    private static readonly double[] s_probabilities = [0.01, 0.05, 0.25, 0.50, 0.75, 0.95, 0.99];

    /// <summary>
    /// For each probability q, the first retained value whose cumulative weight reaches q × count (the
    /// lower quantile, as numpy's "inverted_cdf"): its true rank is within ±<see cref="KllSketch.RankErrorBound"/> × count of q × count.
    /// </summary>
    public static QuantileSummary? Quantiles(KllSketch sketch)
    {
        if (sketch.Count == 0)
        {
            return null;
        }
        var (values, weights) = sketch.Sorted();
        var answers = new double[s_probabilities.Length];
        long cumulative = 0;
        var next = 0;
        for (var i = 0; i < values.Length && next < answers.Length; i++)
        {
            cumulative += weights[i];
            while (next < answers.Length && cumulative >= s_probabilities[next] * sketch.Count)
            {
                answers[next++] = values[i];
            }
        }
        for (; next < answers.Length; next++)
        {
            answers[next] = values[^1];
        }
        return new QuantileSummary(answers[0], answers[1], answers[2], answers[3], answers[4], answers[5], answers[6]);
    }

    /// <summary>
    /// Bins over the exact [min, max]: each bin is [left, right) except the last, which is closed. Integer
    /// columns spanning at most <see cref="MaxIntegerBins"/> values get one bin per value (edges at ±0.5).
    /// The counts sum to the count of finite numbers exactly; each count is exact while the column has fewer
    /// values than the sketch keeps (k), and otherwise within ±2 × <see cref="KllSketch.RankErrorBound"/> × count.
    /// </summary>
    public static Histogram? Histogram(KllSketch sketch, double min, double max, bool integers)
    {
        if (sketch.Count == 0)
        {
            return null;
        }
        double[] edges;
        if (integers && max - min + 1 <= MaxIntegerBins)
        {
            edges = [.. Enumerable.Range(0, (int)(max - min) + 2).Select(i => min - 0.5 + i)];
        }
        else if (min == max)
        {
            edges = [min, max];
        }
        else
        {
            var width = (max - min) / Bins;
            edges = [.. Enumerable.Range(0, Bins + 1).Select(i => i == Bins ? max : min + i * width)];
        }
        var counts = new long[edges.Length - 1];
        var (values, weights) = sketch.Sorted();
        var bin = 0;
        for (var i = 0; i < values.Length; i++)
        {
            while (bin < counts.Length - 1 && values[i] >= edges[bin + 1])
            {
                bin++;
            }
            counts[bin] += weights[i];
        }
        return new Histogram(edges, counts);
    }
}
