using MlWorkflow.Engine.Alerts;
using MlWorkflow.Engine.Profiling;

namespace MlWorkflow.Engine.Targets;

/// <summary>Words for the type and cardinality part of a candidate's rationale.</summary>
internal static class TargetRationale
{
    /// <summary>Classes are called balanced when the smallest has at least this share of the largest.</summary>
    public const double BalancedRatio = 0.5;

    public static string Shape(DatasetProfile profile, ColumnProfile column, string task)
    {
        var type = column.Type.ToString().ToLowerInvariant();
        if (task == TargetTasks.Regression)
        {
            var range = column is { Min: { } min, Max: { } max } ? $" from {ColumnEvidence.Num(min)} to {ColumnEvidence.Num(max)}" : "";
            return $"{type} with {column.Distinct} distinct values{range}";
        }
        if (!column.TopValuesComplete(profile))
        {
            return $"{type} with {column.Distinct} classes";
        }
        var counts = column.TopValues!.Select(value => value.Count).ToList();
        var smallest = counts.Min();
        return smallest >= BalancedRatio * counts.Max()
            ? $"{type} with {column.Distinct} balanced classes"
            : $"{type} with {column.Distinct} classes, imbalanced (smallest {ColumnEvidence.Pct((double)smallest / counts.Sum())})";
    }
}
