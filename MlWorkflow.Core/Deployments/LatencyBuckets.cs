namespace MlWorkflow.Core.Deployments;

/// <summary>
/// The fixed latency buckets of <see cref="DeploymentMinuteStats.Latency"/>: about 15 % apart from 0.05 ms to
/// about 60 s, so a percentile read from the buckets is within one bucket's width (±8 %) of the true value.
/// </summary>
public static class LatencyBuckets
{
    public const int Count = 100;

    private const double First = 0.05;
    private const double Growth = 1.15;

    /// <summary>The upper bound (ms) of each bucket; the last is open-ended.</summary>
    public static IReadOnlyList<double> UpperBoundsMs { get; } =
        [.. Enumerable.Range(0, Count).Select(i => i == Count - 1 ? double.PositiveInfinity : First * Math.Pow(Growth, i))];

    public static int Of(double milliseconds) =>
        milliseconds <= First ? 0 : Math.Min(Count - 1, (int)Math.Ceiling(Math.Log(milliseconds / First) / Math.Log(Growth)));

    /// <summary>The <paramref name="quantile"/> (0–1) of the requests counted in <paramref name="counts"/>, in ms; null when empty.</summary>
    public static double? Percentile(IReadOnlyList<long> counts, double quantile)
    {
        var total = counts.Sum();
        if (total == 0)
        {
            return null;
        }
        var rank = Math.Max(1, (long)Math.Ceiling(quantile * total));
        long seen = 0;
        for (var i = 0; i < counts.Count; i++)
        {
            seen += counts[i];
            if (seen >= rank)
            {
                // The bucket's geometric middle: the best single guess within a log-scale bucket.
                var upper = i == Count - 1 ? First * Math.Pow(Growth, Count - 1) : UpperBoundsMs[i];
                return i == 0 ? First : Math.Round(upper / Math.Sqrt(Growth), 3);
            }
        }
        return null;
    }
}
