using System.IO.Hashing;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace MlWorkflow.Engine.Profiling;

/// <summary>
/// Distinct values and their counts, keyed by a 64-bit hash of the text (collisions are negligible:
/// about 10⁻¹¹ for 10,000 values). Up to <c>cap</c> distinct values are counted exactly; the first value
/// past it starts a HyperLogLog sketch (fed with every value seen so far, then with every value), and
/// from then on only the values already tracked keep being counted, so memory stays bounded.
/// </summary>
internal sealed class ValueCounter(int cap)
{
    /// <summary>Longer values are kept shortened, for display only (they are counted by their full text).</summary>
    public const int MaxStoredChars = 200;

    private readonly Dictionary<ulong, Tracked> _tracked = [];
    private HyperLogLog? _sketch;

    public bool IsEstimate => _sketch is not null;

    public long Distinct => _sketch is null ? _tracked.Count : Math.Max(cap + 1L, _sketch.Estimate());

    /// <summary>The highest count of a tracked value: 1 means no tracked value repeats.</summary>
    public long MaxCount { get; private set; }

    public void Add(ReadOnlySpan<char> value)
    {
        var hash = XxHash3.HashToUInt64(MemoryMarshal.AsBytes(value));
        if (_sketch is not null)
        {
            _sketch.Add(hash);
            ref var known = ref CollectionsMarshal.GetValueRefOrNullRef(_tracked, hash);
            if (!Unsafe.IsNullRef(ref known))
            {
                MaxCount = Math.Max(MaxCount, ++known.Count);
            }
            return;
        }
        ref var entry = ref CollectionsMarshal.GetValueRefOrAddDefault(_tracked, hash, out var exists);
        if (exists)
        {
            MaxCount = Math.Max(MaxCount, ++entry.Count);
            return;
        }
        if (_tracked.Count <= cap)
        {
            entry = new Tracked(1, Store(value));
            MaxCount = Math.Max(MaxCount, 1);
            return;
        }
        _tracked.Remove(hash);
        _sketch = new HyperLogLog();
        foreach (var key in _tracked.Keys)
        {
            _sketch.Add(key);
        }
        _sketch.Add(hash);
    }

    /// <summary>The <paramref name="count"/> most frequent tracked values; ties in ordinal order of the text.</summary>
    public IReadOnlyList<TopValue> Top(int count) =>
        [.. _tracked.Values
            .OrderByDescending(tracked => tracked.Count)
            .ThenBy(tracked => tracked.Text, StringComparer.Ordinal)
            .Take(count)
            .Select(tracked => new TopValue(tracked.Text, tracked.Count))];

    private static string Store(ReadOnlySpan<char> value)
    {
        if (value.Length <= MaxStoredChars)
        {
            return new string(value);
        }
        var kept = char.IsHighSurrogate(value[MaxStoredChars - 2]) ? MaxStoredChars - 2 : MaxStoredChars - 1;
        return string.Concat(value[..kept], "…");
    }

    private struct Tracked(long count, string text)
    {
        public long Count = count;
        public readonly string Text = text;
    }
}
