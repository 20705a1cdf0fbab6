using MlWorkflow.Engine.Profiling;
using static MlWorkflow.Engine.Alerts.ColumnEvidence;

namespace MlWorkflow.Engine.Alerts;

/// <summary>Alerts from how values are spread: zeros, skew, class imbalance, uniformity.</summary>
internal static class DistributionAlerts
{
    public static void Add(DatasetProfile profile, ColumnProfile column, bool isTarget, List<ProfileAlert> alerts)
    {
        var name = Quote(column.Name);
        var present = column.NonMissing(profile);
        void Alert(string type, string severity, string message) => alerts.Add(new(type, column.Name, severity, message));
        if (column.IsNumber() && column.Zeros is { } zeros && present > 0 && column.Distinct > 2
            && (double)zeros / present > AlertThresholds.ZerosShare)
        {
            Alert(AlertTypes.Zeros, AlertSeverity.Info, $"{name} is 0 in {zeros} rows ({Pct((double)zeros / present)}): check whether 0 means \"none\" or \"unknown\".");
        }
        if (column.IsNumber() && column.SkewnessEstimate() is { } skewness && Math.Abs(skewness) > AlertThresholds.Skewness)
        {
            var side = skewness > 0 ? "a long right tail" : "a long left tail";
            var basis = column.Skewness is null ? " (estimated from the quartiles)" : "";
            Alert(AlertTypes.Skewed, AlertSeverity.Info, $"{name} is skewed ({Num(skewness)}{basis}), {side}: a log transform or a robust scaler suits it better than a standard one.");
        }
        if (Counts(profile, column) is { Count: >= 2 } counts && column.Type != ColumnType.Constant)
        {
            var imbalance = Imbalance(counts);
            if (imbalance > AlertThresholds.Imbalance && column.Type is ColumnType.Categorical or ColumnType.Boolean or ColumnType.Integer)
            {
                var smallest = (double)counts.Min() / counts.Sum();
                Alert(AlertTypes.Imbalance, isTarget ? AlertSeverity.Warning : AlertSeverity.Info,
                    $"{name} is imbalanced ({Num(imbalance)} on a 0–1 scale): its rarest value is {Pct(smallest)} of the rows{(isTarget ? "; stratify the split and watch recall on the rare class" : "")}.");
            }
            if (IsUniform(counts))
            {
                Alert(AlertTypes.Uniform, AlertSeverity.Info, $"{name} is spread evenly over its {counts.Count} values: as a feature it may be an id or random; as a target its classes are balanced.");
            }
        }
        else if (column.IsNumber() && column.Histogram is { Counts.Count: >= AlertThresholds.UniformMinBins } histogram && IsUniform(histogram.Counts))
        {
            Alert(AlertTypes.Uniform, AlertSeverity.Info, $"{name} is spread evenly over its range ({Num(column.Min ?? 0)} to {Num(column.Max ?? 0)}): check it is not a row number or random noise.");
        }
    }

    /// <summary>Exact counts per value when the top values list them all; otherwise null.</summary>
    private static List<long>? Counts(DatasetProfile profile, ColumnProfile column) =>
        column.TopValuesComplete(profile) ? column.TopValues!.Select(value => value.Count).ToList() : null;

    /// <summary>1 − Shannon entropy / log(k): 0 for equal counts, towards 1 when one value dominates (ydata-profiling's measure).</summary>
    internal static double Imbalance(IReadOnlyList<long> counts)
    {
        double total = counts.Sum();
        var entropy = counts.Where(count => count > 0).Sum(count => -(count / total) * Math.Log(count / total));
        return 1 - entropy / Math.Log(counts.Count);
    }

    internal static bool IsUniform(IReadOnlyList<long> counts)
    {
        if (counts.Count < AlertThresholds.UniformMinBins)
        {
            return false;
        }
        var mean = counts.Average(count => (double)count);
        return mean >= AlertThresholds.UniformMinMeanCount
            && counts.All(count => Math.Abs(count - mean) <= AlertThresholds.UniformTolerance * mean);
    }
}
