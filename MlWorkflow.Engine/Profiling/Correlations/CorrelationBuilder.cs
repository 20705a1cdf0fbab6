namespace MlWorkflow.Engine.Profiling.Correlations;

/// <summary>
/// Builds the correlation matrices from the <see cref="RowSample"/> once column types are known. Of the
/// sampled columns, <see cref="MaxColumns"/> that are numeric or integer (used as numbers) or categorical or
/// boolean (used as categories) are considered, chosen by <see cref="CorrelationColumns"/> (target candidates
/// first): 50 keeps the heatmap readable and the 1,225 pairs quick. Identifiers, constants, text and datetimes are left out.
/// </summary>
internal static class CorrelationBuilder
{
    public const int MaxColumns = 50;

    public const string Auto = "auto";
    public const string Pearson = "pearson";
    public const string Spearman = "spearman";
    public const string CramersV = "cramers_v";
    public const string CorrelationRatio = "correlation_ratio";

    public static (CorrelationMatrix? Auto, IReadOnlyList<CorrelationMatrix> Matrices) Build(RowSample sample, IReadOnlyList<ColumnProfile> columns, long rows)
    {
        var considered = CorrelationColumns.ToConsider(sample, columns, rows)
            .Select(index => (Index: index, Column: columns[sample.Source(index)]))
            .Select(entry => SampledColumn.Read(sample, entry.Index, entry.Column.Name, CorrelationColumns.IsNumeric(entry.Column)))
            .ToList();
        if (considered.Count < 2 || sample.Rows < 2)
        {
            return (null, []);
        }
        var numeric = considered.Where(column => column.IsNumeric).ToList();
        var categorical = considered.Where(column => !column.IsNumeric).ToList();
        var matrices = new List<CorrelationMatrix>();
        if (numeric.Count >= 2)
        {
            matrices.Add(Matrix(Pearson, numeric, (a, b) => Association.Pearson(a.Numbers, b.Numbers)));
            matrices.Add(Matrix(Spearman, numeric, SpearmanOf));
        }
        if (categorical.Count >= 2)
        {
            matrices.Add(Matrix(CramersV, categorical, (a, b) => Association.CramersV(a.Codes, b.Codes)));
        }
        if (numeric.Count >= 1 && categorical.Count >= 1)
        {
            matrices.Add(Matrix(CorrelationRatio, considered, RatioOf, diagonal: null));
        }
        return (Matrix(Auto, considered, AutoOf), matrices);
    }

    private static double? SpearmanOf(SampledColumn a, SampledColumn b) =>
        Association.Spearman(a.Numbers, b.Numbers, a.Ranks, b.Ranks, a.Complete, b.Complete);

    /// <summary>η where one column is numeric and the other categorical; null for other pairs.</summary>
    private static double? RatioOf(SampledColumn a, SampledColumn b) => (a.IsNumeric, b.IsNumeric) switch
    {
        (true, false) => Association.CorrelationRatio(a.Numbers, b.Codes),
        (false, true) => Association.CorrelationRatio(b.Numbers, a.Codes),
        _ => null,
    };

    /// <summary>|Spearman| for numeric pairs, Cramér's V for categorical pairs, η for mixed ones: all in [0, 1].</summary>
    private static double? AutoOf(SampledColumn a, SampledColumn b) => (a.IsNumeric, b.IsNumeric) switch
    {
        (true, true) => SpearmanOf(a, b) is { } rho ? Math.Abs(rho) : null,
        (false, false) => Association.CramersV(a.Codes, b.Codes),
        _ => RatioOf(a, b),
    };

    private static CorrelationMatrix Matrix(string method, List<SampledColumn> columns, Func<SampledColumn, SampledColumn, double?> measure, double? diagonal = 1)
    {
        var values = new double?[columns.Count][];
        for (var i = 0; i < columns.Count; i++)
        {
            values[i] = new double?[columns.Count];
            values[i][i] = diagonal;
            for (var j = 0; j < i; j++)
            {
                values[i][j] = measure(columns[i], columns[j]);
                values[j][i] = values[i][j];
            }
        }
        return new CorrelationMatrix(method, [.. columns.Select(column => column.Name)], values);
    }
}
