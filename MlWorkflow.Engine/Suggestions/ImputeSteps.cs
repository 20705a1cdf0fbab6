using MlWorkflow.Engine.Alerts;
using MlWorkflow.Engine.Profiling;
using static MlWorkflow.Engine.Alerts.ColumnEvidence;
using static MlWorkflow.Engine.Suggestions.StepFactory;

namespace MlWorkflow.Engine.Suggestions;

/// <summary>One impute step per strategy, listing each column with its own evidence.</summary>
internal static class ImputeSteps
{
    /// <summary>Numbers with |skewness| above this are imputed with the median, else the mean.</summary>
    public const double MedianSkewness = 1.0;

    /// <summary>Categories missing in at least this share get their own "missing" category instead of the most frequent value.</summary>
    public const double MissingCategoryShare = 0.2;

    public const string MissingCategory = "__missing__";

    public static void Add(DatasetProfile profile, IReadOnlyList<ColumnProfile> features, List<PipelineStep> steps)
    {
        var plans = features.Where(column => column.Missing > 0).Select(Plan).ToList();
        foreach (var group in plans.GroupBy(plan => (plan.Strategy, plan.FillValue)))
        {
            var members = group.ToList();
            var parameters = new List<(string, object?)> { ("strategy", group.Key.Strategy) };
            if (group.Key.FillValue is { } fill)
            {
                parameters.Add(("fill_value", fill));
            }
            steps.Add(Step(PipelineOps.Impute, members.Select(plan => plan.Column), members.Min(plan => plan.Confidence),
                $"{string.Join("; ", members.Select(plan => plan.Evidence))}: {Action(group.Key.Strategy, group.Key.FillValue)}", [.. parameters]));
        }
    }

    private static string Action(string strategy, string? fill) => (strategy, fill) switch
    {
        ("median", _) => "impute with the median",
        ("mean", _) => "impute with the mean",
        ("constant", "") => "fill with an empty string",
        ("constant", _) => $"make \"{fill}\" its own category",
        _ => "impute with the most frequent value",
    };

    private static ImputePlan Plan(ColumnProfile column)
    {
        var missing = $"{Quote(column.Name)} is {Pct(column.MissingPct / 100)} missing";
        if (column.IsNumber())
        {
            return column.SkewnessEstimate() switch
            {
                { } skew when Math.Abs(skew) > MedianSkewness => new(column.Name, "median", null, 0.85, $"{missing} and skewed ({Num(skew)})"),
                { } skew => new(column.Name, "mean", null, 0.8, $"{missing} and roughly symmetric (skewness {Num(skew)})"),
                null => new(column.Name, "median", null, 0.6, $"{missing}, skewness unknown (the median is not pulled by outliers)"),
            };
        }
        return column.Type switch
        {
            ColumnType.Text => new(column.Name, "constant", "", 0.8, $"{missing} free text"),
            ColumnType.Categorical or ColumnType.Boolean when column.MissingPct / 100 >= MissingCategoryShare =>
                new(column.Name, "constant", MissingCategory, 0.7, $"{missing}, too many to guess"),
            ColumnType.Datetime => new(column.Name, "most_frequent", null, 0.5, $"{missing} (a date)"),
            _ => new(column.Name, "most_frequent", null, 0.75, $"{missing} ({column.Type.ToString().ToLowerInvariant()}{MostFrequent(column)})"),
        };
    }

    private static string MostFrequent(ColumnProfile column) => column.TopValues is [var top, ..] ? $", most often \"{top.Value}\"" : "";

    private sealed record ImputePlan(string Column, string Strategy, string? FillValue, double Confidence, string Evidence);
}
