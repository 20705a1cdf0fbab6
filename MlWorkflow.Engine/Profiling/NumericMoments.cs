using System.Runtime.CompilerServices;

namespace MlWorkflow.Engine.Profiling;

/// <summary>
/// Count, mean, variance and skewness (Welford's update extended to the third central moment by
/// Terriberry, stable for large and shifted values), min, max and zeros of the finite numbers of a column;
/// infinities and NaN are counted apart.
/// </summary>
internal sealed class NumericMoments
{
    private double _mean;
    private double _sumOfSquares;
    private double _sumOfCubes;

    public long Count { get; private set; }

    public double Min { get; private set; } = double.PositiveInfinity;

    public double Max { get; private set; } = double.NegativeInfinity;

    public long Zeros { get; private set; }

    public long NonFinite { get; private set; }

    public double? Mean => Count > 0 ? _mean : null;

    /// <summary>Sample standard deviation (n − 1).</summary>
    public double? Std => Count > 1 ? Math.Sqrt(_sumOfSquares / (Count - 1)) : null;

    /// <summary>
    /// Sample skewness, adjusted Fisher-Pearson G1 = √(n(n−1))/(n−2) · m3/m2^1.5, as pandas' <c>skew()</c>;
    /// null below three numbers, 0 when all numbers are equal.
    /// </summary>
    public double? Skewness
    {
        get
        {
            if (Count < 3)
            {
                return null;
            }
            if (_sumOfSquares == 0)
            {
                return 0;
            }
            double n = Count;
            var g1 = Math.Sqrt(n) * _sumOfCubes / Math.Pow(_sumOfSquares, 1.5);
            return Math.Sqrt(n * (n - 1)) / (n - 2) * g1;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Add(double value)
    {
        if (!double.IsFinite(value))
        {
            NonFinite++;
            return;
        }
        var previous = (double)Count;
        Count++;
        var delta = value - _mean;
        var deltaOverN = delta / Count;
        var term = delta * deltaOverN * previous;
        _mean += deltaOverN;
        _sumOfCubes += term * deltaOverN * (Count - 2) - 3 * deltaOverN * _sumOfSquares;
        _sumOfSquares += term;
        Min = Math.Min(Min, value);
        Max = Math.Max(Max, value);
        if (value == 0)
        {
            Zeros++;
        }
    }
}
