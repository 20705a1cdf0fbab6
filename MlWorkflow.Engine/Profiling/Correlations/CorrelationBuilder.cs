using System.Collections.Concurrent;

namespace MlWorkflow.Engine.Profiling.Correlations;

/// <summary>
/// Builds the correlation matrices from the <see cref="RowSample"/> once column types are known. Of the
/// sampled columns, <see cref="MaxColumns"/> that are numeric or integer (used as numbers) or categorical or
/// boolean (used as categories) are considered, chosen by <see cref="CorrelationColumns"/> (target candidates
/// first): 50 keeps the heatmap readable and the 1,225 pairs quick. Identifiers, constants, text and datetimes
/// are left out. Pairs are measured on all cores, and each measure of a pair once (the mixed 'auto' matrix
/// reuses the others' values).
/// </summary>
internal static class CorrelationBuilder
{
    public const int MaxColumns = 50;

    public const string Auto = "auto";
    public const string Pearson = "pearson";
    public const string Spearman = "spearman";
    public const string CramersV = "cramers_v";
    public const string CorrelationRatio = "correlation_ratio";

    public static (CorrelationMatrix? Auto, IReadOnlyList<CorrelationMatrix> Matrices) Build(RowSample sample, IReadOnlyList<ColumnProfile> columns, long rows, bool parallel = true)
    {
        var threads = new ParallelOptions { MaxDegreeOfParallelism = parallel ? -1 : 1 };
        var considered = CorrelationColumns.ToConsider(sample, columns, rows)
            .Select(index => (Index: index, Column: columns[sample.Source(index)]))
            .Select(entry => SampledColumn.Read(sample, entry.Index, entry.Column.Name, CorrelationColumns.IsNumeric(entry.Column)))
            .ToList();
        if (considered.Count < 2 || sample.Rows < 2)
        {
            return (null, []);
        }
        var measured = new ConcurrentDictionary<(SampledColumn, SampledColumn, string), double?>();
        Func<SampledColumn, SampledColumn, double?> Once(string method, Func<SampledColumn, SampledColumn, double?> measure) =>
            (a, b) => measured.GetOrAdd((a, b, method), key => measure(key.Item1, key.Item2));
        var numeric = considered.Where(column => column.IsNumeric).ToList();
        var categorical = considered.Where(column => !column.IsNumeric).ToList();
        var matrices = new List<CorrelationMatrix>();
        if (numeric.Count >= 2)
        {
            matrices.Add(Matrix(Pearson, numeric, (a, b) => Association.Pearson(a.Numbers, b.Numbers), threads));
            matrices.Add(Matrix(Spearman, numeric, Once(Spearman, SpearmanOf), threads));
        }
        if (categorical.Count >= 2)
        {
            matrices.Add(Matrix(CramersV, categorical, Once(CramersV, CramersVOf), threads));
        }
        if (numeric.Count >= 1 && categorical.Count >= 1)
        {
            matrices.Add(Matrix(CorrelationRatio, considered, Once(CorrelationRatio, RatioOf), threads, diagonal: null));
        }
        var auto = Matrix(Auto, considered, (a, b) => (a.IsNumeric, b.IsNumeric) switch
        {
            (true, true) => Once(Spearman, SpearmanOf)(a, b) is { } rho ? Math.Abs(rho) : null,
            (false, false) => Once(CramersV, CramersVOf)(a, b),
            _ => Once(CorrelationRatio, RatioOf)(a, b),
        }, threads);
        return (auto, matrices);
    }

    private static double? SpearmanOf(SampledColumn a, SampledColumn b) =>
        Association.Spearman(a.Numbers, b.Numbers, a.Ranks, b.Ranks, a.Order, b.Order, a.Complete, b.Complete);

    private static double? CramersVOf(SampledColumn a, SampledColumn b) => Association.CramersV(a.Codes, b.Codes);

    /// <summary>η where one column is numeric and the other categorical; null for other pairs.</summary>
    private static double? RatioOf(SampledColumn a, SampledColumn b) => (a.IsNumeric, b.IsNumeric) switch
    {
        (true, false) => Association.CorrelationRatio(a.Numbers, b.Codes),
        (false, true) => Association.CorrelationRatio(b.Numbers, a.Codes),
        _ => null,
    };

    private static CorrelationMatrix Matrix(string method, List<SampledColumn> columns, Func<SampledColumn, SampledColumn, double?> measure, ParallelOptions threads, double? diagonal = 1)
    {
        var count = columns.Count;
        var values = new double?[count][];
        for (var i = 0; i < count; i++)
        {
            values[i] = new double?[count];
            values[i][i] = diagonal;
        }
        // Cell (i, j) below the diagonal for every index = i × count + j; each cell is written by one iteration only.
        Parallel.For(0, count * count, threads, index =>
        {
            var (i, j) = Math.DivRem(index, count);
            if (j < i)
            {
                values[i][j] = values[j][i] = measure(columns[i], columns[j]);
            }
        });
        return new CorrelationMatrix(method, [.. columns.Select(column => column.Name)], values);
    }
}
