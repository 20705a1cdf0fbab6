using System.Runtime.InteropServices;
using MlWorkflow.Engine.Profiling;

namespace MlWorkflow.Engine.Training;

/// <summary>
/// A uniform sample of at most <paramref name="capacity"/> values (reservoir sampling, seeded so a run repeats): every value
/// while fewer have been seen, so small columns stay exact and large ones cost bounded memory.
/// </summary>
internal sealed class ValueSample(int capacity, int seed = 17)
{
    private readonly List<double> _values = [];
    private readonly Random _random = new(seed);

    public long Seen { get; private set; }

    public List<double> Values => _values;

    public void Add(double value)
    {
        Seen++;
        if (_values.Count < capacity)
        {
            _values.Add(value);
            return;
        }
        var slot = _random.NextInt64(Seen);
        if (slot < capacity)
        {
            _values[(int)slot] = value;
        }
    }
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
        var percentiles = Enumerable.Range(0, 101).Select(p => Quantile(sorted, p / 100.0)).ToArray();
        var number = new NumberReference(Count, edges, counts, percentiles, _mean, Math.Sqrt(_m2 / Count), _min, _max, sorted.Length);
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

/// <summary>
/// Counts of a category column in bounded memory: the first <see cref="MaxTracked"/> distinct values are counted exactly,
/// later new ones only in <see cref="Overflow"/> (they cannot be among the most frequent unless the column is mostly unique).
/// </summary>
internal sealed class CategoryTally
{
    public const int MaxTracked = 10_000;

    private readonly Dictionary<string, long> _counts = new(StringComparer.Ordinal);

    public long Missing { get; set; }

    public long Overflow { get; private set; }

    public void Add(ReadOnlySpan<char> value)
    {
        var lookup = _counts.GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.TryGetValue(value, out var count))
        {
            lookup[value] = count + 1;
        }
        else if (_counts.Count < MaxTracked)
        {
            lookup[value] = 1;
        }
        else
        {
            Overflow++;
        }
    }

    public void Add(string value, long count) => CollectionsMarshal.GetValueRefOrAddDefault(_counts, value, out _) += count;

    public FeatureReference Build(string name, string kind = FeatureSpec.Category)
    {
        var ranked = _counts.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).ToList();
        var kept = ranked.Take(ReferenceSummary.MaxCategories).ToList();
        var other = Overflow + ranked.Skip(ReferenceSummary.MaxCategories).Sum(p => p.Value);
        var rows = Missing + Overflow + ranked.Sum(p => p.Value);
        var missingRate = rows == 0 ? 0 : (double)Missing / rows;
        return rows == Missing
            ? new FeatureReference(name, kind, missingRate)
            : new FeatureReference(name, kind, missingRate, Category: new CategoryReference([.. kept.Select(p => p.Key)], [.. kept.Select(p => p.Value)], other));
    }
}

/// <summary>How a logged or raw cell of an input column reads: missing, not readable as the column's kind, or a value.</summary>
internal static class InputCells
{
    public const string True = "true";
    public const string False = "false";

    /// <summary>The column kind a profile type monitors as, or null for columns drift does not compare (dates, text, identifiers, constants).</summary>
    public static string? KindOf(ColumnType type) => type switch
    {
        ColumnType.Numeric or ColumnType.Integer => FeatureSpec.Number,
        ColumnType.Boolean => FeatureSpec.Boolean,
        ColumnType.Categorical => FeatureSpec.Category,
        _ => null,
    };

    public static bool IsMissing(ReadOnlySpan<char> trimmed, MissingTokenMatcher missing) => trimmed.IsEmpty || missing.IsMissing(trimmed);

    /// <summary>A finite number, or NaN when the cell is not one.</summary>
    public static double Number(ReadOnlySpan<char> trimmed) =>
        NumberParser.TryParse(trimmed, out var value, out _) && double.IsFinite(value) ? value : double.NaN;

    /// <summary><see cref="True"/>, <see cref="False"/> or null, read as the feature encoder reads booleans.</summary>
    public static string? Boolean(ReadOnlySpan<char> trimmed) => FeatureEncoder.ReadBoolean(trimmed) switch
    {
        1 => True,
        0 => False,
        _ => null,
    };
}
