using System.Runtime.CompilerServices;
using MlWorkflow.Engine.Profiling.Sketches;

namespace MlWorkflow.Engine.Profiling;

/// <summary>
/// Everything one pass learns about one column. Each value is trimmed, checked against the missing
/// tokens, classified (<see cref="ValueKind"/>) and fed to the statistics of its kind; the column's type
/// is decided only at the end, from the counts of each kind. Columns are independent of one another,
/// so columns can be fed from different threads; one column is only ever fed by one thread at a time and in
/// file order (<see cref="BatchAccumulation"/>), so state added here needs no locking and no merging, but must
/// not be shared with other columns.
/// </summary>
internal sealed class ColumnAccumulator(string name, MissingTokenMatcher missingTokens, int distinctCap)
{
    public string Name => name;

    public long Missing { get; private set; }

    public long NonMissing { get; private set; }

    public NumericMoments Numbers { get; } = new();

    /// <summary>The finite numbers, for quantiles and the histogram.</summary>
    public KllSketch NumberSketch { get; } = new();

    public DateRange Dates { get; } = new();

    /// <summary>The dates' spread over time and calendar parts, for the date histogram and date parts.</summary>
    public DateDistribution DateValues { get; } = new();

    /// <summary>Values per parse kind, and infinite numbers.</summary>
    public ValueKindTally Kinds { get; } = new();

    public LengthStats Lengths { get; } = new();

    public ValueCounter Values { get; } = new(distinctCap);

    public long Count(ValueKind kind) => Kinds.Count(kind);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void AddColumn(RecordBatch batch, int column)
    {
        for (var row = 0; row < batch.Rows; row++)
        {
            Add(batch.Field(row, column));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Add(ReadOnlySpan<char> raw)
    {
        var value = raw.Trim();
        if (missingTokens.IsMissing(value))
        {
            Missing++;
            return;
        }
        NonMissing++;
        Kinds.Add(Classify(value));
        Lengths.Add(value);
        Values.Add(value);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private ValueKind Classify(ReadOnlySpan<char> value)
    {
        if (NumberParser.TryParse(value, out var number, out var isInteger))
        {
            Numbers.Add(number);
            if (double.IsFinite(number))
            {
                NumberSketch.Add(number);
            }
            else if (double.IsInfinity(number))
            {
                Kinds.AddInfinite();
            }
            return isInteger ? ValueKind.Integer : ValueKind.Decimal;
        }
        if (BooleanParser.IsBoolean(value))
        {
            return ValueKind.Boolean;
        }
        if (DateParser.TryParse(value, out var ticks, out var hasTime, out var hasOffset))
        {
            Dates.Add(ticks, hasTime, hasOffset);
            DateValues.Add(ticks, hasTime, hasOffset);
            return hasTime ? ValueKind.DateTime : ValueKind.Date;
        }
        return ValueKind.Text;
    }
}
