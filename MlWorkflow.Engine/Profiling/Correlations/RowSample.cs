using System.Runtime.CompilerServices;

namespace MlWorkflow.Engine.Profiling.Correlations;

/// <summary>
/// A uniform sample of rows for correlations (reservoir sampling, algorithm R, seeded so a file always
/// gives the same sample), over the file's first <see cref="MaxColumns"/> columns. A sampled cell keeps
/// its number (NaN when missing or not a number) and a 64-bit hash of its trimmed text (0 when missing;
/// booleans folded to true/false), about 16 bytes, never the text: memory is capacity × columns × 16 bytes at most.
/// </summary>
internal sealed class RowSample(int columns, int capacity, MissingTokenMatcher missingTokens)
{
    /// <summary>Columns past this are not sampled (10,000 rows × 64 columns ≈ 10 MB).</summary>
    public const int MaxColumns = 64;

    private const ulong TrueHash = 1;
    private const ulong FalseHash = 2;

    private double[] _numbers = new double[Math.Min(capacity, 64) * columns];
    private ulong[] _hashes = new ulong[Math.Min(capacity, 64) * columns];
    private ulong _random = 0x2545F4914F6CDD1D;
    private long _seen;

    public int Columns => columns;

    /// <summary>Rows in the sample: all rows while the file has at most <c>capacity</c>.</summary>
    public int Rows { get; private set; }

    /// <summary>Called once per data row, in order: the slot the row takes in the sample, or −1 when it is not sampled.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int Offer()
    {
        var index = _seen++;
        if (index < capacity)
        {
            return (int)index;
        }
        var slot = (long)(NextRandom() % (ulong)(index + 1));
        return slot < capacity ? (int)slot : -1;
    }

    /// <summary>Copies the batch's sampled rows (<see cref="RecordBatch.Sampled"/>) into their slots, in row order (a later row may take an earlier one's slot).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Fill(RecordBatch batch)
    {
        foreach (var (row, slot) in batch.Sampled)
        {
            EnsureSlot(slot);
            for (var column = 0; column < columns; column++)
            {
                Set(slot * columns + column, batch.Field(row, column).Trim());
            }
        }
    }

    public double Number(int row, int column) => _numbers[row * columns + column];

    public ulong Hash(int row, int column) => _hashes[row * columns + column];

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Set(int cell, ReadOnlySpan<char> value)
    {
        if (missingTokens.IsMissing(value))
        {
            _numbers[cell] = double.NaN;
            _hashes[cell] = 0;
            return;
        }
        _numbers[cell] = NumberParser.TryParse(value, out var number, out _) && double.IsFinite(number) ? number : double.NaN;
        _hashes[cell] = BooleanParser.IsBoolean(value)
            ? value[0] is 't' or 'T' or 'y' or 'Y' ? TrueHash : FalseHash
            : Math.Max(3, ValueHash.Of(value));
    }

    private void EnsureSlot(int slot)
    {
        Rows = Math.Max(Rows, slot + 1);
        if ((slot + 1) * columns <= _numbers.Length)
        {
            return;
        }
        var size = Math.Min(capacity, Math.Max(slot + 1, _numbers.Length / Math.Max(columns, 1) * 2)) * columns;
        Array.Resize(ref _numbers, size);
        Array.Resize(ref _hashes, size);
    }

    private ulong NextRandom()
    {
        _random ^= _random << 13;
        _random ^= _random >> 7;
        _random ^= _random << 17;
        return _random;
    }
}
