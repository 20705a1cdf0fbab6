using MlWorkflow.Engine.Alerts;
using MlWorkflow.Engine.Profiling;
using static MlWorkflow.Engine.Alerts.ColumnEvidence;
using static MlWorkflow.Engine.Suggestions.StepFactory;

namespace MlWorkflow.Engine.Suggestions;

/// <summary>Log transform for heavy positive skew, outlier clipping, then one scaler per column chosen by its distribution.</summary>
internal static class NumericSteps
{
    /// <summary>log1p for non-negative columns with skewness above this.</summary>
    public const double LogSkewness = 1.0;

    /// <summary>Tukey's far-out fence: values beyond quartile ± this × IQR are outliers.</summary>
    public const double OutlierIqrMultiple = 3.0;

    /// <summary>Without quantiles: values beyond mean ± this × std are outliers.</summary>
    public const double OutlierStdMultiple = 4.0;

    public static void Add(DatasetProfile profile, IReadOnlyList<ColumnProfile> features, List<PipelineStep> steps)
    {
        var numbers = features.Where(column => column.IsNumber() && column.Distinct > 2 && column.Min is not null && column.Max is not null).ToList();
        var logged = numbers.Where(column => column.SkewnessEstimate() > LogSkewness && column.Min >= 0).ToList();
        if (logged.Count > 0)
        {
            steps.Add(Step(PipelineOps.LogTransform, logged.Select(column => column.Name), logged.Min(column => Math.Min(0.9, 0.5 + 0.1 * column.SkewnessEstimate()!.Value)),
                string.Join("; ", logged.Select(column => $"{Quote(column.Name)} is non-negative with a long right tail (skewness {Num(column.SkewnessEstimate()!.Value)})")) + ": log(1 + x) makes it closer to symmetric",
                ("function", "log1p")));
        }
        var clipped = numbers.Where(column => !logged.Contains(column) && Outliers(column) is not null).ToList();
        if (clipped.Count > 0)
        {
            var quantiles = clipped.All(column => column.Quantiles is not null);
            steps.Add(Step(PipelineOps.ClipOutliers, clipped.Select(column => column.Name), quantiles ? 0.65 : 0.55,
                string.Join("; ", clipped.Select(column => Outliers(column)!)) + ": clip to the 1st and 99th percentiles so a few extreme values do not dominate",
                ("lower_quantile", 0.01), ("upper_quantile", 0.99)));
        }
        var scalers = numbers.Select(column => Scaler(column, logged.Contains(column), clipped.Contains(column) ? Outliers(column) : null)).ToList();
        foreach (var group in scalers.GroupBy(scaler => scaler.Op))
        {
            var members = group.ToList();
            steps.Add(Step(group.Key, members.Select(scaler => scaler.Column), members.Min(scaler => scaler.Confidence),
                $"{string.Join("; ", members.Select(scaler => scaler.Evidence))}: {Action(group.Key)}. Linear models (L-BFGS, SDCA) need comparable scales; tree models ignore it"));
        }
    }

    /// <summary>Why a column has outliers, or null when its extremes stay within the fences.</summary>
    private static string? Outliers(ColumnProfile column)
    {
        if (column.Quantiles is { } q)
        {
            var iqr = q.P75 - q.P25;
            var low = q.P25 - OutlierIqrMultiple * iqr;
            var high = q.P75 + OutlierIqrMultiple * iqr;
            return iqr > 0 && (column.Min < low || column.Max > high)
                ? $"{Quote(column.Name)} ranges {Num(column.Min!.Value)}–{Num(column.Max!.Value)} but its middle half is {Num(q.P25)}–{Num(q.P75)}"
                : null;
        }
        if (column is { Mean: { } mean, Std: { } std } && std > 0)
        {
            var z = Math.Max((column.Max!.Value - mean) / std, (mean - column.Min!.Value) / std);
            return z > OutlierStdMultiple ? $"{Quote(column.Name)} has a value {Num(z)} standard deviations from its mean" : null;
        }
        return null;
    }

    private static string Action(string op) => op switch
    {
        PipelineOps.RobustScale => "scale by the median and IQR, which outliers do not pull",
        PipelineOps.MinMaxScale => "min-max scale to [0, 1], which keeps the shape",
        _ => "standardise (mean 0, std 1)",
    };

    private static (string Column, string Op, double Confidence, string Evidence) Scaler(ColumnProfile column, bool logged, string? outliers)
    {
        var name = Quote(column.Name);
        var skew = column.SkewnessEstimate();
        if (outliers is not null)
        {
            return (column.Name, PipelineOps.RobustScale, 0.7, outliers);
        }
        if (!logged && skew is { } heavy && Math.Abs(heavy) > AlertThresholds.Skewness)
        {
            return (column.Name, PipelineOps.RobustScale, 0.7, $"{name} is heavily skewed ({Num(heavy)})");
        }
        if (column.Min >= 0 && column.Max <= 1)
        {
            return (column.Name, PipelineOps.MinMaxScale, 0.7, $"{name} already lies in [0, 1]");
        }
        if (column.Histogram is { } histogram && DistributionAlerts.IsUniform(histogram.Counts))
        {
            return (column.Name, PipelineOps.MinMaxScale, 0.65, $"{name} is spread evenly from {Num(column.Min!.Value)} to {Num(column.Max!.Value)}");
        }
        var shape = logged ? "is roughly symmetric after the log transform"
            : skew is { } k ? $"is roughly symmetric (skewness {Num(k)})"
            : $"has no value beyond {OutlierStdMultiple} standard deviations from its mean";
        return (column.Name, PipelineOps.StandardScale, skew is null && !logged ? 0.6 : 0.75, $"{name} {shape}");
    }
}
