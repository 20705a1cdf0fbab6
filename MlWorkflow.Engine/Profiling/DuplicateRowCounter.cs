using System.Runtime.CompilerServices;

namespace MlWorkflow.Engine.Profiling;

/// <summary>
/// Counts rows whose 64-bit hash was seen before (a false match needs a hash collision: about 10⁻⁷ at
/// 5 million distinct rows). Hashes live in an open-addressing table of at most <c>cap</c> entries
/// (8 bytes per slot, at most half full). When it fills, only rows whose hash starts with one more zero
/// bit are kept from then on (half of the hash space, chosen by content, so every copy of a row is in or
/// out together) and the count is scaled up: an unbiased estimate. After six halvings (64 × cap distinct
/// rows) the table grows again.
/// </summary>
internal sealed class DuplicateRowCounter(int cap)
{
    private const int BucketBits = 6;
    private const int MaxLevel = BucketBits;

    // Duplicates by the top 6 bits of the hash, so that the count of a kept half is known exactly.
    private readonly long[] _duplicatesByBucket = new long[1 << BucketBits];
    private ulong[] _slots = new ulong[1 << 12];
    private int _count;
    private int _level;

    public bool IsEstimate => _level > 0;

    public long Duplicates
    {
        get
        {
            long kept = 0;
            for (var bucket = 0; bucket < 1 << (BucketBits - _level); bucket++)
            {
                kept += _duplicatesByBucket[bucket];
            }
            return kept << _level;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Add(ulong hash)
    {
        if (_level > 0 && hash >> (64 - _level) != 0)
        {
            return;
        }
        if (!Insert(_slots, hash))
        {
            _duplicatesByBucket[hash >> (64 - BucketBits)]++;
            return;
        }
        _count++;
        if (_count > cap && _level < MaxLevel)
        {
            _level++;
            DropUnkeptInPlace();
        }
        else if (_count * 2L > _slots.Length)
        {
            Rebuild(_slots.Length * 2);
        }
    }

    /// <returns>False when the hash was already there.</returns>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool Insert(ulong[] slots, ulong hash)
    {
        var stored = hash == 0 ? 1 : hash;   // 0 marks an empty slot; 1 stays in bucket 0 like 0 would
        var mask = slots.Length - 1;
        for (var i = (int)stored & mask; ; i = (i + 1) & mask)
        {
            if (slots[i] == stored)
            {
                return false;
            }
            if (slots[i] == 0)
            {
                slots[i] = stored;
                return true;
            }
        }
    }

    /// <summary>
    /// Removes the hashes the new level no longer keeps without a second table (a same-size copy would add
    /// 32 MB of garbage per halving at the default cap): clear them, then, going once around the table from an
    /// empty slot, take each remaining hash out and insert it again, which can only move it back along its probe
    /// path into slots already visited.
    /// </summary>
    private void DropUnkeptInPlace()
    {
        _count = 0;
        var empty = -1;
        for (var i = 0; i < _slots.Length; i++)
        {
            if (_slots[i] != 0 && _slots[i] >> (64 - _level) != 0)
            {
                _slots[i] = 0;
            }
            if (_slots[i] == 0)
            {
                empty = i;
            }
        }
        var mask = _slots.Length - 1;
        for (var step = 1; step <= _slots.Length; step++)
        {
            var i = (empty + step) & mask;
            var hash = _slots[i];
            if (hash != 0)
            {
                _slots[i] = 0;
                Insert(_slots, hash);
                _count++;
            }
        }
    }

    private void Rebuild(int size)
    {
        var slots = new ulong[size];
        _count = 0;
        foreach (var hash in _slots)
        {
            if (hash != 0)
            {
                Insert(slots, hash);
                _count++;
            }
        }
        _slots = slots;
    }
}
