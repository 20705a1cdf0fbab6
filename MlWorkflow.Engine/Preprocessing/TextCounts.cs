namespace MlWorkflow.Engine.Preprocessing;

/// <summary>A text column's value counts as the next text step sees them (an impute adds its filled values to the fill's count).</summary>
internal sealed class TextCounts
{
    private readonly Dictionary<string, long> _counts = new(StringComparer.Ordinal);

    public TextCounts(TextCollector collector)
    {
        for (var i = 0; i < collector.Values.Count; i++)
        {
            _counts[collector.Values[i]] = collector.Counts[i];
        }
        Missing = collector.Missing;
    }

    public long Missing { get; private set; }

    /// <summary>The value of the first impute, which is what a missing value becomes.</summary>
    public string? FilledWith { get; private set; }

    /// <summary>The most frequent value, the smallest in ordinal order among ties (sklearn's SimpleImputer); null when there is none.</summary>
    public string? MostFrequent() => _counts.Count == 0 ? null
        : _counts.OrderByDescending(e => e.Value).ThenBy(e => e.Key, StringComparer.Ordinal).First().Key;

    /// <returns>How many missing values were filled.</returns>
    public long Fill(string fill)
    {
        var filled = Missing;
        if (filled > 0)
        {
            _counts[fill] = _counts.GetValueOrDefault(fill) + filled;
        }
        Missing = 0;
        FilledWith ??= fill;
        return filled;
    }

    /// <summary>The values in ordinal order, as sklearn's encoders sort strings.</summary>
    public List<string> Sorted() => [.. _counts.Keys.Order(StringComparer.Ordinal)];

    /// <summary>Most frequent first, ties in ordinal order.</summary>
    public List<string> ByFrequency() => [.. _counts.OrderByDescending(e => e.Value).ThenBy(e => e.Key, StringComparer.Ordinal).Select(e => e.Key)];
}
