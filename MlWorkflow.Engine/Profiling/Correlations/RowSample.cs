using System.Runtime.CompilerServices;

namespace MlWorkflow.Engine.Profiling.Correlations;

/// <summary>
/// A uniform sample of rows for correlations (reservoir sampling, algorithm R, seeded so a file always
/// gives the same sample), over at most <see cref="MaxColumns"/> of the file's columns: all of them when
/// the file has no more, else the ones given to <see cref="Choose"/> before the first rows are filled in.
/// A sampled cell keeps its number (NaN when missing or not a number) and a 64-bit hash of its trimmed text
/// (0 when missing; booleans folded to true/false), about 16 bytes, never the text: memory is
/// capacity × <see cref="Columns"/> × 16 bytes at most.
/// </summary>
internal sealed class RowSample
{
    /// <summary>Columns sampled at most (10,000 rows × 64 columns ≈ 10 MB).</summary>
    public const int MaxColumns = 64;

    private const ulong TrueHash = 1;
    private const ulong FalseHash = 2;

    private readonly int _capacity;
    private readonly int _columns;
    private readonly MissingTokenMatcher _missingTokens;
    private double[] _numbers;
    private ulong[] _hashes;
    private int[]? _sources;
    private ulong _random = 0x2545F4914F6CDD1D;
    private long _seen;

    /// <param name="fileColumns">The file's column count.</param>
    /// <param name="capacity">Rows kept at most.</param>
    /// <param name="missingTokens">Values read as missing.</param>
    public RowSample(int fileColumns, int capacity, MissingTokenMatcher missingTokens)
    {
        _capacity = capacity;
        _columns = Math.Min(fileColumns, MaxColumns);
        _missingTokens = missingTokens;
        _numbers = new double[Math.Min(capacity, 64) * _columns];
        _hashes = new ulong[Math.Min(capacity, 64) * _columns];
        _sources = fileColumns <= MaxColumns ? [.. Enumerable.Range(0, fileColumns)] : null;
    }

    /// <summary>Columns sampled: the file's, up to <see cref="MaxColumns"/>.</summary>
    public int Columns => _columns;

    /// <summary>True until the sampled columns are known (only in files with more than <see cref="MaxColumns"/> columns).</summary>
    public bool NeedsColumns => _sources is null;

    /// <summary>The file column (0-based) that sampled column <paramref name="column"/> holds.</summary>
    public int Source(int column) => _sources![column];

    /// <summary>Sets the file columns to sample, ascending, exactly <see cref="Columns"/> of them; only before the first <see cref="Fill"/>.</summary>
    public void Choose(IReadOnlyList<int> fileColumns)
    {
        if (_sources is not null || Rows > 0 || fileColumns.Count != _columns)
        {
            throw new InvalidOperationException($"The sampled columns are chosen once, before any row, and number {_columns}.");
        }
        _sources = [.. fileColumns];
    }

    /// <summary>Rows in the sample: all rows while the file has at most <c>capacity</c>.</summary>
    public int Rows { get; private set; }

    /// <summary>Called once per data row, in order: the slot the row takes in the sample, or −1 when it is not sampled.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int Offer()
    {
        var index = _seen++;
        if (index < _capacity)
        {
            return (int)index;
        }
        var slot = (long)(NextRandom() % (ulong)(index + 1));
        return slot < _capacity ? (int)slot : -1;
    }

    /// <summary>Copies the batch's sampled rows (<see cref="RecordBatch.Sampled"/>) into their slots, in row order (a later row may take an earlier one's slot).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Fill(RecordBatch batch)
    {
        var sources = _sources ?? throw new InvalidOperationException("Choose the sampled columns before filling the sample.");
        foreach (var (row, slot) in batch.Sampled)
        {
            EnsureSlot(slot);
            for (var column = 0; column < _columns; column++)
            {
                Set(slot * _columns + column, batch.Field(row, sources[column]).Trim());
            }
        }
    }

    public double Number(int row, int column) => _numbers[row * _columns + column];

    public ulong Hash(int row, int column) => _hashes[row * _columns + column];

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Set(int cell, ReadOnlySpan<char> value)
    {
        if (_missingTokens.IsMissing(value))
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
        if ((slot + 1) * _columns <= _numbers.Length)
        {
            return;
        }
        var size = Math.Min(_capacity, Math.Max(slot + 1, _numbers.Length / Math.Max(_columns, 1) * 2)) * _columns;
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
