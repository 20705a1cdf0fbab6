using System.Numerics;
using System.Runtime.CompilerServices;

namespace MlWorkflow.Engine.Profiling;

/// <summary>
/// Distinct values and their counts, keyed by a 64-bit hash of the text (collisions are negligible:
/// about 10⁻¹¹ for 10,000 values). Up to <c>cap</c> distinct values are counted exactly; the first value
/// past it starts a HyperLogLog sketch (fed with every value seen so far, then with every value), and
/// from then on only the values already tracked keep being counted, so memory stays bounded. A bit set
/// of the tracked hashes (16 bits per value, so it stays in cache) skips the table lookup for most
/// untracked values, which would otherwise miss the cache on every value of a high-cardinality column.
/// </summary>
internal sealed class ValueCounter(int cap)
{
    private readonly HashCountTable _tracked = new(cap);
    private HyperLogLog? _sketch;
    private ulong[] _trackedBits = [];
    private ulong _bitMask;

    public bool IsEstimate => _sketch is not null;

    public long Distinct => _sketch is null ? _tracked.Count : Math.Max(cap + 1L, _sketch.Estimate());

    /// <summary>The highest count of a tracked value: 1 means no tracked value repeats.</summary>
    public long MaxCount { get; private set; }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Add(ReadOnlySpan<char> value)
    {
        var hash = ValueHash.Of(value);
        hash = hash == 0 ? 1 : hash;   // 0 marks an empty slot of the table
        long count;
        if (_sketch is null)
        {
            count = _tracked.Increment(hash, value);
            if (count == 0)
            {
                StartSketch();
                _sketch!.Add(hash);
            }
        }
        else
        {
            _sketch.Add(hash);
            var bit = hash & _bitMask;
            count = (_trackedBits[bit >> 6] & (1UL << (int)bit)) == 0 ? 0 : _tracked.IncrementIfPresent(hash);
        }
        MaxCount = Math.Max(MaxCount, count);
    }

    /// <summary>The <paramref name="count"/> most frequent tracked values; ties in ordinal order of the text.</summary>
    public IReadOnlyList<TopValue> Top(int count) =>
        [.. _tracked.Entries
            .OrderByDescending(entry => entry.Count)
            .ThenBy(entry => entry.Text, StringComparer.Ordinal)
            .Take(count)
            .Select(entry => new TopValue(entry.Text, entry.Count))];

    private void StartSketch()
    {
        _sketch = new HyperLogLog();
        _trackedBits = new ulong[Math.Max(1, (int)BitOperations.RoundUpToPowerOf2((uint)cap * 16) / 64)];
        _bitMask = (ulong)(_trackedBits.Length * 64 - 1);
        foreach (var key in _tracked.Keys)
        {
            _sketch.Add(key);
            var bit = key & _bitMask;
            _trackedBits[bit >> 6] |= 1UL << (int)bit;
        }
    }
}
