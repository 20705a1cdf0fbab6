namespace MlWorkflow.Web.Services;

/// <summary>
/// How a pipeline changed its parent, column by column, from the two profiles and the steps that ran: imputed columns'
/// missing counts, rescaled columns' distributions, encoded columns' new columns, dropped columns and removed rows.
/// </summary>
public sealed record BeforeAfterComparison(long? RowsBefore, long? RowsAfter, IReadOnlyList<ColumnChange> Columns, IReadOnlyList<string> Dropped)
{
    private static readonly HashSet<string> s_reshaping = ["standard_scale", "minmax_scale", "robust_scale", "log_transform", "clip_outliers"];
    private static readonly HashSet<string> s_expanding = ["one_hot", "date_parts", "text_features"];

    public static BeforeAfterComparison Create(DatasetLineage lineage, DatasetProfile before, DatasetProfile after)
    {
        var beforeColumns = before.Columns ?? [];
        var afterColumns = (after.Columns ?? []).ToDictionary(c => c.Name);
        var beforeNames = beforeColumns.Select(c => c.Name).ToHashSet();
        var opsByColumn = (lineage.Steps ?? []).Where(s => s.Enabled)
            .SelectMany(s => s.Columns.Select(column => (Column: column, s.Op)))
            .ToLookup(x => x.Column, x => x.Op);
        var changes = new List<ColumnChange>();
        var dropped = new List<string>();
        foreach (var column in beforeColumns)
        {
            var ops = opsByColumn[column.Name].Distinct().ToList();
            afterColumns.TryGetValue(column.Name, out var afterColumn);
            // New columns replace the one they came from and are named {column}_{category or part}.
            var added = ops.Any(s_expanding.Contains)
                ? afterColumns.Values.Where(c => !beforeNames.Contains(c.Name) && c.Name.StartsWith(column.Name + "_", StringComparison.Ordinal)).ToList()
                : [];
            if (afterColumn is null && added.Count == 0)
            {
                dropped.Add(column.Name);
                continue;
            }
            var change = new ColumnChange(column.Name, ops, column, afterColumn, added,
                Imputed: ops.Contains("impute"), Reshaped: afterColumn is not null && ops.Any(s_reshaping.Contains));
            if (change.Imputed || change.Reshaped || added.Count > 0)
            {
                changes.Add(change);
            }
        }
        return new(before.RowCount, after.RowCount, changes, dropped);
    }
}

/// <summary>One parent column and what the pipeline made of it (<c>After</c> is null when new columns replaced it).</summary>
public sealed record ColumnChange(
    string Column,
    IReadOnlyList<string> Ops,
    ColumnProfile Before,
    ColumnProfile? After,
    IReadOnlyList<ColumnProfile> NewColumns,
    bool Imputed,
    bool Reshaped)
{
    public long? MissingBefore => Before.Missing;

    /// <summary>The column's missing values after the pipeline; for a replaced column, those of its new columns together.</summary>
    public long? MissingAfter => After is not null ? After.Missing
        : NewColumns.Count > 0 && NewColumns.All(c => c.Missing is not null) ? NewColumns.Sum(c => c.Missing!.Value) : null;
}
