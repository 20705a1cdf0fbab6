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
    /// over the quantile functions: Qr is linear between the reference's quantiles (the values uniform between neighbouring
    /// quantiles), Qc is the current values' own step function, exact. Where the data's quantile function stays between the
    /// same two quantiles, the sketch's distance differs from the exact one by at most Σ Δlevel · Δquantile over the
    /// reference's segments (≤ (max − min) / 100, far less on smooth data).
    /// </summary>
    /// <param name="levels">The reference's quantile levels, from 0 to 1, increasing.</param>
    /// <param name="quantiles">The reference's quantile at each level.</param>
    /// <param name="sorted">The current values, sorted ascending; at least one.</param>
    public static double Wasserstein(IReadOnlyList<double> levels, IReadOnlyList<double> quantiles, ReadOnlySpan<double> sorted)
    {
        var n = sorted.Length;
        double total = 0, p = 0;
        int j = 0, i = 0;
        while (j < levels.Count - 1 && i < n)
        {
            var referenceEnd = levels[j + 1];
            var currentEnd = (double)(i + 1) / n;
            var end = Math.Min(referenceEnd, currentEnd);
            var from = Reference(levels, quantiles, j, p) - sorted[i];
            var to = Reference(levels, quantiles, j, end) - sorted[i];
            total += (end - p) * (from * to >= 0
                ? Math.Abs(from + to) / 2
                : ((from * from) + (to * to)) / (2 * (Math.Abs(from) + Math.Abs(to))));
            p = end;
            j += end == referenceEnd ? 1 : 0;
            i += end == currentEnd ? 1 : 0;
        }
        return total;
    }

    /// <summary>The sketch's bound on its own error: Σ Δlevel · Δquantile.</summary>
    public static double SketchError(IReadOnlyList<double> levels, IReadOnlyList<double> quantiles)
    {
        double bound = 0;
        for (var j = 0; j + 1 < levels.Count; j++)
        {
            bound += (levels[j + 1] - levels[j]) * (quantiles[j + 1] - quantiles[j]);
        }
        return bound;
    }

    private static double Reference(IReadOnlyList<double> levels, IReadOnlyList<double> quantiles, int segment, double p)
    {
        var width = levels[segment + 1] - levels[segment];
        return quantiles[segment] + ((quantiles[segment + 1] - quantiles[segment]) * (width == 0 ? 0 : (p - levels[segment]) / width));
    }
}
