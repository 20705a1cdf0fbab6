using System.Runtime.CompilerServices;

namespace MlWorkflow.Engine.Profiling;

/// <summary>
/// Counts per 64-bit hash in one open-addressing array of (hash, count) pairs, so a lookup touches one
/// cache line (a <see cref="Dictionary{TKey, TValue}"/> touches two); display texts sit in a parallel array.
/// Keeps at most <c>maxEntries</c> entries, at most 70% full. Hash 0 is reserved for empty slots.
/// </summary>
internal sealed class HashCountTable(int maxEntries)
{
    private Slot[] _slots = new Slot[16];
    private string[] _texts = new string[16];

    public int Count { get; private set; }

    public bool IsFull => Count >= maxEntries;

    /// <summary>Counts one more of <paramref name="key"/>; a new key is added (with <paramref name="text"/>) only while not full.</summary>
    /// <returns>The key's count now, or 0 when the key is new and was not added.</returns>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public long Increment(ulong key, ReadOnlySpan<char> text)
    {
        var mask = _slots.Length - 1;
        for (var i = (int)key & mask; ; i = (i + 1) & mask)
        {
            ref var slot = ref _slots[i];
            if (slot.Key == key)
            {
                return ++slot.Count;
            }
            if (slot.Key == 0)
            {
                if (IsFull)
                {
                    return 0;
                }
                slot = new Slot(key, 1);
                _texts[i] = ValueText.Shorten(text);
                if (++Count * 10L > _slots.Length * 7L)
                {
                    Grow();
                }
                return 1;
            }
        }
    }

    /// <summary>Counts one more of <paramref name="key"/> if it is in the table.</summary>
    /// <returns>The key's count now, or 0 when it is not in the table.</returns>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public long IncrementIfPresent(ulong key)
    {
        var mask = _slots.Length - 1;
        for (var i = (int)key & mask; ; i = (i + 1) & mask)
        {
            ref var slot = ref _slots[i];
            if (slot.Key == key)
            {
                return ++slot.Count;
            }
            if (slot.Key == 0)
            {
                return 0;
            }
        }
    }

    public IEnumerable<ulong> Keys => _slots.Where(slot => slot.Key != 0).Select(slot => slot.Key);

    public IEnumerable<(string Text, long Count)> Entries =>
        _slots.Select((slot, i) => (Slot: slot, Text: _texts[i])).Where(entry => entry.Slot.Key != 0).Select(entry => (entry.Text, entry.Slot.Count));

    private void Grow()
    {
        var slots = _slots;
        var texts = _texts;
        _slots = new Slot[slots.Length * 2];
        _texts = new string[slots.Length * 2];
        var mask = _slots.Length - 1;
        for (var j = 0; j < slots.Length; j++)
        {
            if (slots[j].Key == 0)
            {
                continue;
            }
            var i = (int)slots[j].Key & mask;
            while (_slots[i].Key != 0)
            {
                i = (i + 1) & mask;
            }
            _slots[i] = slots[j];
            _texts[i] = texts[j];
        }
    }

    private record struct Slot(ulong Key, long Count);
}
