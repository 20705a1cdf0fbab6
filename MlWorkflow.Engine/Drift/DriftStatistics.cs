namespace MlWorkflow.Engine.Drift;

/// <summary>The distances a drift check compares distributions with. Shares are fractions that sum to 1.</summary>
internal static class DriftStatistics
{
    /// <summary>What an empty bin counts as in PSI, as Evidently does (the logarithm of 0 is undefined).</summary>
    public const double EmptyBinShare = 0.0001;

    /// <summary>The std a Wasserstein distance is divided by at least (a constant reference column), as Evidently does.</summary>
    public const double MinStd = 0.001;

    /// <summary>Population stability index: Σ (r − c) · ln(r / c), with empty bins at <see cref="EmptyBinShare"/>.</summary>
    public static double Psi(ReadOnlySpan<double> reference, ReadOnlySpan<double> current)
    {
        double psi = 0;
        for (var i = 0; i < reference.Length; i++)
        {
            var r = reference[i] == 0 ? EmptyBinShare : reference[i];
            var c = current[i] == 0 ? EmptyBinShare : current[i];
            psi += (r - c) * Math.Log(r / c);
        }
        return psi;
    }

    /// <summary>Jensen–Shannon distance with natural logarithms (scipy.spatial.distance.jensenshannon's default base).</summary>
    public static double JensenShannon(ReadOnlySpan<double> p, ReadOnlySpan<double> q)
    {
        double divergence = 0;
        for (var i = 0; i < p.Length; i++)
        {
            var m = (p[i] + q[i]) / 2;
            if (p[i] > 0)
            {
                divergence += p[i] * Math.Log(p[i] / m);
            }
            if (q[i] > 0)
            {
                divergence += q[i] * Math.Log(q[i] / m);
            }
        }
        return Math.Sqrt(Math.Max(0, divergence / 2));
    }

    /// <summary>
    /// The Wasserstein-1 distance between the reference's sketch and the current values, computed as ∫₀¹ |Qr(p) − Qc(p)| dp
    /// over the quantile functions: Qr is linear between the reference's percentiles (uniform within each 1 % of the values,
    /// so it differs from the exact distance by at most (max − min) / 100 of the reference), Qc is the current values' own
    /// step function, exact.
    /// </summary>
    /// <param name="percentiles">The reference's quantiles at 0 %, 1 %, …, 100 %.</param>
    /// <param name="sorted">The current values, sorted ascending; at least one.</param>
    public static double Wasserstein(IReadOnlyList<double> percentiles, ReadOnlySpan<double> sorted)
    {
        var segments = percentiles.Count - 1;
        var n = sorted.Length;
        double total = 0, p = 0;
        int j = 0, i = 0;
        while (j < segments && i < n)
        {
            var referenceEnd = (double)(j + 1) / segments;
            var currentEnd = (double)(i + 1) / n;
            var end = Math.Min(referenceEnd, currentEnd);
            var from = Reference(percentiles, j, segments, p) - sorted[i];
            var to = Reference(percentiles, j, segments, end) - sorted[i];
            total += (end - p) * (from * to >= 0
                ? Math.Abs(from + to) / 2
                : ((from * from) + (to * to)) / (2 * (Math.Abs(from) + Math.Abs(to))));
            p = end;
            j += end == referenceEnd ? 1 : 0;
            i += end == currentEnd ? 1 : 0;
        }
        return total;
    }

    private static double Reference(IReadOnlyList<double> percentiles, int segment, int segments, double p) =>
        percentiles[segment] + ((percentiles[segment + 1] - percentiles[segment]) * ((p * segments) - segment));
}
