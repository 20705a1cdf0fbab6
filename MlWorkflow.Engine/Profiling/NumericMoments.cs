namespace MlWorkflow.Engine.Profiling;

/// <summary>
/// Count, mean, variance (Welford's update, stable for large and shifted values), min, max and zeros of
/// the finite numbers of a column; infinities and NaN are counted apart.
/// </summary>
internal sealed class NumericMoments
{
    private double _mean;
    private double _sumOfSquares;

    public long Count { get; private set; }

    public double Min { get; private set; } = double.PositiveInfinity;

    public double Max { get; private set; } = double.NegativeInfinity;

    public long Zeros { get; private set; }

    public long NonFinite { get; private set; }

    public double? Mean => Count > 0 ? _mean : null;

    /// <summary>Sample standard deviation (n − 1).</summary>
    public double? Std => Count > 1 ? Math.Sqrt(_sumOfSquares / (Count - 1)) : null;

    public void Add(double value)
    {
        if (!double.IsFinite(value))
        {
            NonFinite++;
            return;
        }
        Count++;
        var delta = value - _mean;
        _mean += delta / Count;
        _sumOfSquares += delta * (value - _mean);
        Min = Math.Min(Min, value);
        Max = Math.Max(Max, value);
        if (value == 0)
        {
            Zeros++;
        }
    }
}
