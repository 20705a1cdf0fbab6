using System.Runtime.CompilerServices;

namespace MlWorkflow.Engine.Preprocessing;

/// <summary>
/// The 64-bit hashes of the distinct rows seen, for drop_duplicates: an open-addressing table at most three quarters full,
/// 8 bytes a slot, so about 11–21 bytes per distinct row (about 80 MB at 5 million rows, twice that briefly while it
/// grows). Two different rows match only if their hashes collide: about 10⁻⁷ at 5 million rows.
/// </summary>
internal sealed class RowHashSet
{
    private ulong[] _slots = new ulong[1 << 12];
    private int _count;

    /// <returns>False when the hash was already there (the row is a duplicate).</returns>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool Add(ulong hash)
    {
        hash = hash == 0 ? 1 : hash;   // 0 marks an empty slot
        var mask = _slots.Length - 1;
        var slot = (int)(hash >> 32) & mask;
        while (_slots[slot] != 0)
        {
            if (_slots[slot] == hash)
            {
                return false;
            }
            slot = (slot + 1) & mask;
        }
        _slots[slot] = hash;
        if (++_count * 4L > _slots.Length * 3L)
        {
            Grow();
        }
        return true;
    }

    private void Grow()
    {
        var old = _slots;
        _slots = new ulong[old.Length * 2];
        var mask = _slots.Length - 1;
        foreach (var hash in old.Where(hash => hash != 0))
        {
            var slot = (int)(hash >> 32) & mask;
            while (_slots[slot] != 0)
            {
                slot = (slot + 1) & mask;
            }
            _slots[slot] = hash;
        }
    }
}

/// <summary>Which rows the row filters kept, one bit per data row, so the writing pass keeps the same ones (625 KB per 5 million rows).</summary>
internal sealed class KeptRows
{
    private ulong[] _bits = new ulong[1024];

    public void Keep(long row)
    {
        if (row >> 6 >= _bits.Length)
        {
            Array.Resize(ref _bits, Math.Max(_bits.Length * 2, (int)(row >> 6) + 1));
        }
        _bits[row >> 6] |= 1UL << (int)(row & 63);
    }

    public bool IsKept(long row) => row >> 6 < _bits.Length && (_bits[row >> 6] & (1UL << (int)(row & 63))) != 0;
}
