namespace MlWorkflow.Engine.Preprocessing;

/// <summary>sklearn's and numpy's arithmetic for the fitted statistics, so the same data gives the same numbers.</summary>
internal static class NumberStats
{
    private const double Epsilon = 2.220446049250313e-16;

    /// <summary>sklearn's <c>_handle_zeros_in_scale</c>: a scale below 10 machine epsilons is 1.</summary>
    public static double NonZeroScale(double scale) => scale < 10 * Epsilon ? 1 : scale;

    /// <summary>StandardScaler's scale: the population std, or 1 when sklearn's <c>_is_constant_feature</c> holds.</summary>
    public static double StandardScale(double mean, double variance, long count)
    {
        var bound = count * Epsilon * variance + Math.Pow(count * mean * Epsilon, 2);
        return variance <= bound ? 1 : NonZeroScale(Math.Sqrt(variance));
    }

    /// <summary>numpy's 'linear' quantile between the sorted values <paramref name="below"/> and <paramref name="above"/> at fraction <paramref name="t"/>.</summary>
    public static double Lerp(double below, double above, double t)
    {
        var diff = above - below;
        return t >= 0.5 ? above - diff * (1 - t) : below + diff * t;
    }

    /// <summary>numpy's virtual index of quantile <paramref name="q"/> among <paramref name="n"/> sorted values: (n − 1) · q.</summary>
    public static (long Below, long Above, double T) QuantileIndex(long n, double q)
    {
        var virtualIndex = (n - 1) * q;
        var below = (long)Math.Floor(virtualIndex);
        var above = Math.Min(below + 1, n - 1);
        return (below, above, virtualIndex - below);
    }

    /// <summary>Sum with Neumaier's compensation (numpy's pairwise sum is about as exact).</summary>
    public struct Sum
    {
        private double _sum;
        private double _compensation;

        public void Add(double x)
        {
            var t = _sum + x;
            _compensation += Math.Abs(_sum) >= Math.Abs(x) ? _sum - t + x : x - t + _sum;
            _sum = t;
        }

        public readonly double Value => _sum + _compensation;
    }
}
