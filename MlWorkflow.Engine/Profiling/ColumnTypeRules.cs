namespace MlWorkflow.Engine.Profiling;

/// <summary>
/// Names a column's type from what one pass saw. A parse kind wins when at least 95% of the non-missing
/// values have it (numbers count integers and decimals together, dates count dates and date-times);
/// otherwise the column holds strings. The remaining values are still counted per kind in the accumulator.
/// </summary>
internal static class ColumnTypeRules
{
    public const double MajorityShare = 0.95;

    /// <summary>Below this many values, uniqueness alone does not make an identifier (small tables are all unique).</summary>
    private const int MinRowsForUniqueIdentifier = 21;

    /// <summary>Unique strings shorter than this on average read as keys or names, longer ones as free text.</summary>
    private const int MaxIdentifierMeanLength = 50;

    public static ColumnType Infer(ColumnAccumulator column)
    {
        var n = column.NonMissing;
        if (n == 0 || column.Values.Distinct == 1)
        {
            return ColumnType.Constant;
        }
        var unique = IsUnique(column);
        if (IsMajority(column, ValueKind.Integer, ValueKind.Decimal))
        {
            var integers = column.Count(ValueKind.Decimal) == 0;
            var sequence = integers && column.Numbers.Max - column.Numbers.Min + 1 == column.Numbers.Count;
            if (integers && unique && (NamedLikeIdentifier(column.Name) || (sequence && n >= MinRowsForUniqueIdentifier)))
            {
                return ColumnType.Identifier;
            }
            return integers ? ColumnType.Integer : ColumnType.Numeric;
        }
        if (IsMajority(column, ValueKind.Boolean))
        {
            return ColumnType.Boolean;
        }
        if (IsMajority(column, ValueKind.Date, ValueKind.DateTime))
        {
            return ColumnType.Datetime;
        }
        if (unique && NamedLikeIdentifier(column.Name))
        {
            return ColumnType.Identifier;
        }
        if (column.Values.Distinct <= Math.Max(20, 0.05 * n))
        {
            return ColumnType.Categorical;
        }
        return unique && n >= MinRowsForUniqueIdentifier && column.Lengths.Mean < MaxIdentifierMeanLength
            ? ColumnType.Identifier
            : ColumnType.Text;
    }

    /// <summary>True when no parse kind reaches the majority, i.e. the values are strings.</summary>
    public static bool HoldsStrings(ColumnAccumulator column) =>
        !IsMajority(column, ValueKind.Integer, ValueKind.Decimal)
        && !IsMajority(column, ValueKind.Boolean)
        && !IsMajority(column, ValueKind.Date, ValueKind.DateTime);

    private static bool IsMajority(ColumnAccumulator column, params ReadOnlySpan<ValueKind> kinds)
    {
        long count = 0;
        foreach (var kind in kinds)
        {
            count += column.Count(kind);
        }
        return column.NonMissing > 0 && count >= MajorityShare * column.NonMissing;
    }

    /// <summary>Every non-missing value distinct: exact under the distinct cap; past it, no tracked value repeated and the estimate near the count.</summary>
    private static bool IsUnique(ColumnAccumulator column) => column.Values.IsEstimate
        ? column.Values.MaxCount == 1 && column.Values.Distinct >= 0.97 * column.NonMissing
        : column.Values.Distinct == column.NonMissing;

    /// <summary>"id", "ID", "uuid", "guid", "key", "index", "customer_id", "customer id", "customerId", "id_customer", …</summary>
    public static bool NamedLikeIdentifier(string name)
    {
        var lower = name.Trim().ToLowerInvariant();
        if (lower is "id" or "uuid" or "guid" or "key" or "index" or "row_id" or "rowid")
        {
            return true;
        }
        if (lower.EndsWith("_id", StringComparison.Ordinal) || lower.EndsWith(" id", StringComparison.Ordinal)
            || lower.EndsWith("-id", StringComparison.Ordinal) || lower.EndsWith(".id", StringComparison.Ordinal)
            || lower.StartsWith("id_", StringComparison.Ordinal) || lower.EndsWith("_uuid", StringComparison.Ordinal))
        {
            return true;
        }
        var trimmed = name.Trim();
        return trimmed.Length > 2 && trimmed.EndsWith("Id", StringComparison.Ordinal) && char.IsLower(trimmed[^3]);
    }
}
