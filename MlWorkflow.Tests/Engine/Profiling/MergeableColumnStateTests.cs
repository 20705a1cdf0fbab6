using MlWorkflow.Engine.Profiling;

namespace MlWorkflow.Tests.Engine.Profiling;

/// <summary>The per-column state added for kinds and dates merges to exactly what one pass over all values gives.</summary>
public sealed class MergeableColumnStateTests
{
    private static readonly (long Ticks, bool HasTime, bool HasOffset)[] s_dates =
    [
        .. Enumerable.Range(0, 1_000).Select(i => (new DateTime(2019, 1, 1).AddHours(i * 7.5).Ticks, true, false)),
        (new DateTime(2023, 6, 30).Ticks, false, true),
    ];

    [Fact]
    public void ValueKindTallyMergeAddsEveryKindAndInfinity()
    {
        var whole = new ValueKindTally();
        var left = new ValueKindTally();
        var right = new ValueKindTally();
        ValueKind[] kinds = [ValueKind.Integer, ValueKind.Decimal, ValueKind.Decimal, ValueKind.Boolean, ValueKind.Date, ValueKind.DateTime, ValueKind.Text];
        for (var i = 0; i < kinds.Length; i++)
        {
            whole.Add(kinds[i]);
            (i % 2 == 0 ? left : right).Add(kinds[i]);
        }
        whole.AddInfinite();
        right.AddInfinite();

        left.Merge(right);

        Assert.Equal(whole.ToCounts(), left.ToCounts());
        Assert.Equal(new ValueKindCounts(1, 2, 1, 2, 1), left.ToCounts());
        Assert.Equal(1, left.Infinite);
    }

    [Fact]
    public void DatePartSetMergeEqualsOneSetOverAllDates()
    {
        var whole = new DatePartSet();
        var left = new DatePartSet();
        var right = new DatePartSet();
        for (var i = 0; i < s_dates.Length; i++)
        {
            whole.Add(s_dates[i].Ticks, s_dates[i].HasTime);
            (i < 300 ? left : right).Add(s_dates[i].Ticks, s_dates[i].HasTime);
        }

        left.Merge(right);

        Assert.Equivalent(whole.ToParts(), left.ToParts(), strict: true);
        Assert.Equal((2019, 2023), (left.ToParts()!.MinYear, left.ToParts()!.MaxYear));
        Assert.Equal([0, 30], left.ToParts()!.Minutes);
    }

    [Fact]
    public void DatePartSetMergeWithEmptyKeepsTheParts()
    {
        var parts = new DatePartSet();
        parts.Add(new DateTime(2020, 2, 29).Ticks, hasTime: false);
        var empty = new DatePartSet();

        empty.Merge(parts);
        parts.Merge(new DatePartSet());

        Assert.Equivalent(parts.ToParts(), empty.ToParts(), strict: true);
        var seen = empty.ToParts()!;
        Assert.Equal([2], seen.Months);
        Assert.Equal([29], seen.Days);
        Assert.Equal([6], seen.Weekdays);
        Assert.Null(new DatePartSet().ToParts());
    }

    [Fact]
    public void DateDistributionMergeKeepsRangeCountsAndOffset()
    {
        var whole = new DateDistribution();
        var left = new DateDistribution();
        var right = new DateDistribution();
        for (var i = 0; i < s_dates.Length; i++)
        {
            var (ticks, hasTime, hasOffset) = s_dates[i];
            whole.Add(ticks, hasTime, hasOffset);
            (i % 3 == 0 ? left : right).Add(ticks, hasTime, hasOffset);
        }

        left.Merge(right);
        left.Merge(new DateDistribution());

        var merged = left.Histogram()!;
        var single = whole.Histogram()!;
        Assert.Equal(single.Edges, merged.Edges);
        Assert.Equal(s_dates.Length, merged.Counts.Sum());
        Assert.Equal(("2019-01-01T00:00:00Z", "2023-06-30T00:00:00Z"), (merged.Edges[0], merged.Edges[^1]));
        // Each bin is read off a KLL sketch: within ±2% of the count, merged or not.
        Assert.All(merged.Counts.Zip(single.Counts), pair => Assert.InRange(pair.First - pair.Second, -0.04 * s_dates.Length, 0.04 * s_dates.Length));
        Assert.Equivalent(whole.Parts.ToParts(), left.Parts.ToParts(), strict: true);
    }
}
