using MlWorkflow.Engine.Profiling.Sketches;

namespace MlWorkflow.Engine.Profiling;

/// <summary>Turns what a column's accumulator saw into its <see cref="ColumnProfile"/>, filling only the statistics that apply to its type.</summary>
internal static class ColumnSummary
{
    public static ColumnProfile Build(ColumnAccumulator column, long rowCount, int topValues)
    {
        var type = ColumnTypeRules.Infer(column);
        var numeric = type is ColumnType.Numeric or ColumnType.Integer;
        var numbers = column.Numbers;
        var hasNumbers = numeric && numbers.Count > 0;
        var strings = column.NonMissing > 0 && ColumnTypeRules.HoldsStrings(column)
            && type is ColumnType.Categorical or ColumnType.Text or ColumnType.Identifier or ColumnType.Constant;
        var dates = type == ColumnType.Datetime;
        return new ColumnProfile
        {
            Name = column.Name,
            Type = type,
            Missing = column.Missing,
            MissingPct = rowCount == 0 ? 0 : 100.0 * column.Missing / rowCount,
            Distinct = column.Values.Distinct,
            DistinctIsEstimate = column.Values.IsEstimate,
            Min = hasNumbers ? numbers.Min : null,
            Max = hasNumbers ? numbers.Max : null,
            MinDate = dates ? column.Dates.First : null,
            MaxDate = dates ? column.Dates.Last : null,
            Mean = numeric ? numbers.Mean : null,
            Std = numeric ? numbers.Std : null,
            Quantiles = hasNumbers ? SketchSummary.Quantiles(column.NumberSketch) : null,
            Skewness = numeric ? numbers.Skewness : null,
            Zeros = numeric ? numbers.Zeros : null,
            Histogram = hasNumbers ? SketchSummary.Histogram(column.NumberSketch, numbers.Min, numbers.Max, type == ColumnType.Integer) : null,
            TopValues = type == ColumnType.Identifier ? null : column.Values.Top(topValues),
            MinLength = strings ? column.Lengths.Min : null,
            MaxLength = strings ? column.Lengths.Max : null,
            Infinite = column.Kinds.Infinite,
            ValueKinds = column.Kinds.ToCounts(),
            DateHistogram = dates ? column.DateValues.Histogram() : null,
            DateParts = dates ? column.DateValues.Parts.ToParts() : null,
        };
    }
}
