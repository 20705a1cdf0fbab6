using System.Runtime.CompilerServices;

namespace MlWorkflow.Engine.Profiling;

/// <summary>
/// How many non-missing values of a column parsed as each <see cref="ValueKind"/>, and how many of the
/// numbers were infinite ("inf", "-Infinity", …). Mergeable, so parts of a column counted apart add up.
/// </summary>
internal sealed class ValueKindTally
{
    private readonly long[] _kinds = new long[Enum.GetValues<ValueKind>().Length];

    /// <summary>Numbers that parsed as +∞ or −∞ (they are also counted as <see cref="ValueKind.Decimal"/>).</summary>
    public long Infinite { get; private set; }

    public long Count(ValueKind kind) => _kinds[(int)kind];

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Add(ValueKind kind) => _kinds[(int)kind]++;

    public void AddInfinite() => Infinite++;

    public void Merge(ValueKindTally other)
    {
        for (var i = 0; i < _kinds.Length; i++)
        {
            _kinds[i] += other._kinds[i];
        }
        Infinite += other.Infinite;
    }

    /// <summary>The contract's five kinds: decimals are "float", dates and date-times are "date".</summary>
    public ValueKindCounts ToCounts() => new(
        Count(ValueKind.Integer),
        Count(ValueKind.Decimal),
        Count(ValueKind.Boolean),
        Count(ValueKind.Date) + Count(ValueKind.DateTime),
        Count(ValueKind.Text));
}
