using MlWorkflow.Engine.Profiling;
using MlWorkflow.Engine.Targets;
using static MlWorkflow.Engine.Alerts.ColumnEvidence;

namespace MlWorkflow.Engine.Alerts;

/// <summary>
/// Alerts from the association matrix (values in [0, 1] or signed correlations, read as absolute values):
/// high correlation between features, and target leakage (a feature that alone almost determines the target).
/// Nothing is said when the profile has no matrix.
/// </summary>
internal static class CorrelationAlerts
{
    public static void Add(DatasetProfile profile, string? target, List<ProfileAlert> alerts)
    {
        if (profile.Correlations is not { } matrix)
        {
            return;
        }
        var chosen = target is not null;
        target ??= TargetDetector.Detect(profile).FirstOrDefault()?.Column;
        foreach (var (feature, association) in Leaks(profile, target))
        {
            alerts.Add(new(AlertTypes.TargetLeakage, feature, chosen ? AlertSeverity.Error : AlertSeverity.Warning,
                $"{Quote(feature)} alone almost determines the {(chosen ? "target" : "likely target")} {Quote(target!)} (association {Num(association)}, {matrix.Method}): " +
                "if it is known only after the outcome (or is derived from it), the model will look perfect in tests and fail in use. Drop it unless it is truly available at prediction time."));
        }
        for (var i = 0; i < matrix.Columns.Count; i++)
        {
            for (var j = i + 1; j < matrix.Columns.Count; j++)
            {
                if (matrix.Columns[i] == target || matrix.Columns[j] == target || Value(matrix, i, j) is not { } value
                    || value < AlertThresholds.HighCorrelation)
                {
                    continue;
                }
                alerts.Add(new(AlertTypes.HighCorrelation, matrix.Columns[i], AlertSeverity.Info,
                    $"{Quote(matrix.Columns[i])} is highly correlated with {Quote(matrix.Columns[j])} ({Num(value)}, {matrix.Method}): they carry mostly the same information; linear models may need one of them dropped."));
            }
        }
    }

    /// <summary>
    /// Features whose association with <paramref name="target"/> reaches <see cref="AlertThresholds.Leakage"/>
    /// (<see cref="AlertThresholds.LeakageMixed"/> between a number and a category), strongest first.
    /// </summary>
    internal static IReadOnlyList<(string Column, double Association)> Leaks(DatasetProfile profile, string? target)
    {
        var matrix = profile.Correlations;
        var t = target is null || matrix is null ? -1 : IndexOf(matrix, target);
        if (t < 0)
        {
            return [];
        }
        var types = profile.Columns.ToDictionary(column => column.Name, column => column.IsNumber());
        bool Mixed(string column) => types.TryGetValue(column, out var number) && types.TryGetValue(target!, out var targetNumber) && number != targetNumber;
        return Enumerable.Range(0, matrix!.Columns.Count)
            .Where(i => i != t && Value(matrix, i, t) >= (Mixed(matrix.Columns[i]) ? AlertThresholds.LeakageMixed : AlertThresholds.Leakage))
            .Select(i => (matrix.Columns[i], Value(matrix, i, t)!.Value))
            .OrderByDescending(leak => leak.Item2)
            .ToList();
    }

    private static int IndexOf(CorrelationMatrix matrix, string column)
    {
        for (var i = 0; i < matrix.Columns.Count; i++)
        {
            if (matrix.Columns[i] == column)
            {
                return i;
            }
        }
        return -1;
    }

    /// <summary>|matrix[i][j]|, or null when absent, not a number, or the matrix is ragged.</summary>
    private static double? Value(CorrelationMatrix matrix, int i, int j) =>
        i < matrix.Matrix.Count && j < matrix.Matrix[i].Count && matrix.Matrix[i][j] is { } value && double.IsFinite(value)
            ? Math.Abs(value)
            : null;
}
