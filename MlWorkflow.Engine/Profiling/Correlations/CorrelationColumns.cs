using MlWorkflow.Engine.Targets;

namespace MlWorkflow.Engine.Profiling.Correlations;

/// <summary>
/// Which columns the correlations consider, on evidence rather than position. Usable columns are numeric,
/// integer, categorical or boolean; they are ranked: the target candidates first (as <see cref="TargetDetector"/>
/// ranks them), then the columns missing in at most half of the rows, then the rest, each group in file order.
/// A file with more than <see cref="RowSample.MaxColumns"/> columns samples the top of that ranking as
/// seen in its first batch of rows (at least 16 rows, up to 16,384 or about 4 MB of text; topped up with text
/// columns, which may still turn categorical, then any other); at the end the first <see cref="CorrelationBuilder.MaxColumns"/> usable sampled columns by the
/// final ranking are considered, listed in file order.
/// </summary>
internal static class CorrelationColumns
{
    /// <summary>Columns missing in more than this share of rows rank after the others.</summary>
    public const double MostlyMissingShare = 0.5;

    public static bool IsNumeric(ColumnProfile column) => column.Type is ColumnType.Numeric or ColumnType.Integer;

    public static bool IsCategorical(ColumnProfile column) => column.Type is ColumnType.Categorical or ColumnType.Boolean;

    public static bool IsUsable(ColumnProfile column) => IsNumeric(column) || IsCategorical(column);

    /// <summary>Distinct values counted per column while choosing: enough to tell categories (at most 5% of a batch) from text.</summary>
    private const int ChoosingDistinctCap = 1_024;

    /// <summary>
    /// The file columns to sample, ascending, judged on the first <paramref name="batch"/> alone: each column is
    /// profiled on its own, one at a time, so this reads only the batch and holds one column's state at a time
    /// (the column accumulators may still be busy with the same batch on another thread).
    /// </summary>
    public static IReadOnlyList<int> ToSample(RecordBatch batch, IReadOnlyList<string> names, MissingTokenMatcher missingTokens)
    {
        var columns = new List<ColumnProfile>(names.Count);
        for (var i = 0; i < names.Count; i++)
        {
            var accumulator = new ColumnAccumulator(names[i], missingTokens, ChoosingDistinctCap);
            accumulator.AddColumn(batch, i);
            columns.Add(ColumnSummary.Build(accumulator, batch.Rows, topValues: 0));
        }
        var ranked = Rank(columns, batch.Rows, Enumerable.Range(0, columns.Count));
        return [.. ranked
            .Concat(Enumerable.Range(0, columns.Count).Where(i => columns[i].Type == ColumnType.Text))
            .Concat(Enumerable.Range(0, columns.Count))
            .Distinct()
            .Take(RowSample.MaxColumns)
            .Order()];
    }

    /// <summary>The sampled columns to consider (indexes into the sample), in file order.</summary>
    public static IReadOnlyList<int> ToConsider(RowSample sample, IReadOnlyList<ColumnProfile> columns, long rows)
    {
        var bySource = Enumerable.Range(0, sample.Columns).ToDictionary(sample.Source);
        return [.. Rank(columns, rows, bySource.Keys)
            .Take(CorrelationBuilder.MaxColumns)
            .Order()
            .Select(source => bySource[source])];
    }

    /// <summary>The usable columns among <paramref name="candidates"/> (file indexes), best first.</summary>
    private static List<int> Rank(IReadOnlyList<ColumnProfile> columns, long rows, IEnumerable<int> candidates)
    {
        var usable = candidates.Where(i => IsUsable(columns[i])).Order().ToList();
        var profile = new DatasetProfile
        {
            RowCount = rows,
            ColumnCount = columns.Count,
            MissingCells = 0,
            DuplicateRows = 0,
            MissingTokens = [],
            Columns = columns,
        };
        var index = columns.Select((column, i) => (column.Name, i)).ToDictionary(entry => entry.Name, entry => entry.i, StringComparer.Ordinal);
        var targets = TargetDetector.Detect(profile).Select(candidate => index[candidate.Column]).Where(usable.Contains);
        var complete = usable.Where(i => rows == 0 || columns[i].Missing <= MostlyMissingShare * rows);
        return [.. targets.Concat(complete).Concat(usable).Distinct()];
    }
}
