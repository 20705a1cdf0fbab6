namespace MlWorkflow.Engine.Training;

/// <summary>
/// Counts of a category column in bounded memory: the first <see cref="MaxTracked"/> distinct values are counted exactly,
/// later new ones only in <see cref="Overflow"/> (they cannot be among the most frequent unless the column is mostly unique).
/// </summary>
internal sealed class CategoryTally
{
    public const int MaxTracked = 10_000;

    // Value → slot in _counts: one hash lookup per value seen before.
    private readonly Dictionary<string, int> _slots = new(StringComparer.Ordinal);
    private readonly List<long> _counts = [];

    public long Missing { get; set; }

    public long Overflow { get; private set; }

    public void Add(ReadOnlySpan<char> value)
    {
        var lookup = _slots.GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.TryGetValue(value, out var slot))
        {
            _counts[slot]++;
        }
        else if (_slots.Count < MaxTracked)
        {
            lookup[value] = _counts.Count;
            _counts.Add(1);
        }
        else
        {
            Overflow++;
        }
    }

    public void Add(string value, long count)
    {
        if (!_slots.TryGetValue(value, out var slot))
        {
            _slots[value] = slot = _counts.Count;
            _counts.Add(0);
        }
        _counts[slot] += count;
    }

    public FeatureReference Build(string name, string kind = FeatureSpec.Category)
    {
        var ranked = _slots.Select(p => KeyValuePair.Create(p.Key, _counts[p.Value]))
            .OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).ToList();
        var kept = ranked.Take(ReferenceSummary.MaxCategories).ToList();
        var other = Overflow + ranked.Skip(ReferenceSummary.MaxCategories).Sum(p => p.Value);
        var rows = Missing + Overflow + ranked.Sum(p => p.Value);
        var missingRate = rows == 0 ? 0 : (double)Missing / rows;
        return rows == Missing
            ? new FeatureReference(name, kind, missingRate)
            : new FeatureReference(name, kind, missingRate, Category: new CategoryReference([.. kept.Select(p => p.Key)], [.. kept.Select(p => p.Value)], other));
    }
}
