namespace MlWorkflow.Engine.Training;

/// <summary>
/// A uniform sample of at most <paramref name="capacity"/> values, seeded so a run repeats: every value while fewer have
/// been seen, so small columns stay exact and large ones cost bounded memory. Reservoir sampling by Li's Algorithm L:
/// once full it draws how many values to skip, not a random number per value.
/// </summary>
internal sealed class ValueSample(int capacity, int seed = 17)
{
    private readonly List<double> _values = [];
    private readonly Random _random = new(seed);
    private double _w;
    private long _next;

    public long Seen { get; private set; }

    public List<double> Values => _values;

    public void Add(double value)
    {
        Seen++;
        if (_values.Count < capacity)
        {
            _values.Add(value);
            if (_values.Count == capacity)
            {
                _w = Math.Exp(Math.Log(Uniform()) / capacity);
                Skip();
            }
            return;
        }
        if (Seen == _next)
        {
            _values[_random.Next(capacity)] = value;
            _w *= Math.Exp(Math.Log(Uniform()) / capacity);
            Skip();
        }
    }

    private void Skip() => _next = Seen + (long)Math.Floor(Math.Log(Uniform()) / Math.Log(1 - _w)) + 1;

    /// <summary>In (0, 1): the logarithms above need it above 0.</summary>
    private double Uniform() => 1 - _random.NextDouble();
}

/// <summary>A number column read value by value: exact count, moments and range, quantiles from a bounded sample.</summary>
internal sealed class NumberSketch
{
    public const int SampleSize = 100_000;

    private readonly ValueSample _sample = new(SampleSize);
    private double _mean;
    private double _m2;
    private double _min = double.PositiveInfinity;
    private double _max = double.NegativeInfinity;

    /// <summary>Values that were missing or not finite numbers.</summary>
    public long Missing { get; private set; }

    public long Count => _sample.Seen;

    /// <summary>Adds a value; NaN or an infinity is a missing one.</summary>
    public void Add(double value)
    {
        if (!double.IsFinite(value))
        {
            Missing++;
            return;
        }
        _sample.Add(value);
        // Welford: stable where sum-of-squares cancels.
        var delta = value - _mean;
        _mean += delta / Count;
        _m2 += delta * (value - _mean);
        _min = Math.Min(_min, value);
        _max = Math.Max(_max, value);
    }

    public FeatureReference Build(string name, string kind = FeatureSpec.Number)
    {
        var rows = Count + Missing;
        var missingRate = rows == 0 ? 0 : (double)Missing / rows;
        if (Count == 0)
        {
            return new FeatureReference(name, kind, missingRate);
        }
        var sorted = _sample.Values.ToArray();
        Array.Sort(sorted);
        var edges = Enumerable.Range(0, ReferenceSummary.Bins + 1)
            .Select(i => sorted[(int)Math.Round((double)i / ReferenceSummary.Bins * (sorted.Length - 1))]).Distinct().ToArray();
        var counts = new long[Math.Max(1, edges.Length - 1)];
        foreach (var value in sorted)
        {
            counts[BinOf(edges, value)]++;
        }
        if (sorted.Length < Count)
        {
            var scale = (double)Count / sorted.Length;
            for (var i = 0; i < counts.Length; i++)
            {
                counts[i] = (long)Math.Round(counts[i] * scale);
            }
        }
        var quantiles = NumberReference.QuantileLevels.Select(q => Quantile(sorted, q)).ToArray();
        var number = new NumberReference(Count, edges, counts, quantiles, _mean, Math.Sqrt(_m2 / Count), _min, _max, sorted.Length);
        return new FeatureReference(name, kind, missingRate, Number: number);
    }

    /// <summary>The bin of <paramref name="value"/> among bins [e0, e1), …, [e(k−1), ek]; values outside the edges go to the first or last bin.</summary>
    public static int BinOf(IReadOnlyList<double> edges, double value)
    {
        var bins = Math.Max(1, edges.Count - 1);
        int low = 0, high = edges.Count - 1;
        // The last edge with edge ≤ value, by bisection.
        var found = -1;
        while (low <= high)
        {
            var mid = (low + high) >>> 1;
            if (edges[mid] <= value)
            {
                found = mid;
                low = mid + 1;
            }
            else
            {
                high = mid - 1;
            }
        }
        return Math.Clamp(found, 0, bins - 1);
    }

    /// <summary>numpy's default ('linear') quantile of sorted values.</summary>
    public static double Quantile(ReadOnlySpan<double> sorted, double q)
    {
        var h = (sorted.Length - 1) * q;
        var below = (int)Math.Floor(h);
        var above = Math.Min(below + 1, sorted.Length - 1);
        return sorted[below] + ((h - below) * (sorted[above] - sorted[below]));
    }
}
