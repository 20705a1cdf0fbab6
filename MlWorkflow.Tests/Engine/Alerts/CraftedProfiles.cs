using MlWorkflow.Engine.Profiling;

namespace MlWorkflow.Tests.Engine.Alerts;

/// <summary>Builds profiles by hand, so each test states exactly the evidence it relies on.</summary>
internal static class CraftedProfiles
{
    public static DatasetProfile Profile(long rows, params ColumnProfile[] columns) => new()
    {
        RowCount = rows,
        ColumnCount = columns.Length,
        MissingCells = columns.Sum(column => column.Missing),
        DuplicateRows = 0,
        MissingTokens = ProfileOptions.Default.MissingTokens,
        Columns = columns,
    };

    /// <summary>A roughly normal numeric column: unique values, mean 50, std 10, range 20–80, skewness 0.1.</summary>
    public static ColumnProfile Number(string name, long rows, long missing = 0) => new()
    {
        Name = name,
        Type = ColumnType.Numeric,
        Missing = missing,
        MissingPct = 100.0 * missing / rows,
        Distinct = rows - missing,
        DistinctIsEstimate = false,
        Min = 20,
        Max = 80,
        Mean = 50,
        Std = 10,
        Skewness = 0.1,
        Zeros = 0,
        Quantiles = new QuantileSummary(27, 34, 43, 50, 57, 66, 73),
        TopValues = [new("50.5", 1), new("51.5", 1)],
    };

    /// <summary>A categorical column with exactly these counts (the top values list them all).</summary>
    public static ColumnProfile Category(string name, long rows, params (string Value, long Count)[] counts)
    {
        var present = counts.Sum(count => count.Count);
        return new ColumnProfile
        {
            Name = name,
            Type = ColumnType.Categorical,
            Missing = rows - present,
            MissingPct = 100.0 * (rows - present) / rows,
            Distinct = counts.Length,
            DistinctIsEstimate = false,
            TopValues = counts.OrderByDescending(count => count.Count).Select(count => new TopValue(count.Value, count.Count)).ToList(),
            MinLength = counts.Min(count => count.Value.Length),
            MaxLength = counts.Max(count => count.Value.Length),
        };
    }

    /// <summary>Two features and a binary target, none of which should raise any alert.</summary>
    public static DatasetProfile Clean() => Profile(100,
        Number("height", 100),
        Category("colour", 100, ("red", 50), ("green", 35), ("blue", 15)),
        Category("label", 100, ("yes", 60), ("no", 40)));

    public static CorrelationMatrix Matrix(IReadOnlyList<string> columns, params (string A, string B, double Value)[] pairs)
    {
        var matrix = columns.Select((_, i) => columns.Select((_, j) => (double?)(i == j ? 1.0 : 0.1)).ToArray()).ToArray();
        foreach (var (a, b, value) in pairs)
        {
            var i = columns.ToList().IndexOf(a);
            var j = columns.ToList().IndexOf(b);
            matrix[i][j] = matrix[j][i] = value;
        }
        return new CorrelationMatrix("auto", columns, matrix);
    }
}
