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
        var plans = features.Where(column => column.Missing > 0 || Unreadable(column).Count > 0).Select(Plan).ToList();
        foreach (var group in plans.GroupBy(plan => (plan.Strategy, plan.FillValue, AlsoMissing: string.Join(',', plan.AlsoMissing))))
        {
            var members = group.ToList();
            var parameters = new List<(string, object?)> { ("strategy", group.Key.Strategy) };
            if (group.Key.FillValue is { } fill)
            {
                parameters.Add(("fill_value", fill));
            }
            if (members[0].AlsoMissing.Count > 0)
            {
                parameters.Add(("also_missing", members[0].AlsoMissing));
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

    /// <summary>
    /// For number columns, the values a model cannot read, from the profile's exact counts: "infinite" (inf,
    /// -Infinity) and "non_numeric" (words or dates among the numbers); the impute step treats them as missing.
    /// </summary>
    private static IReadOnlyList<string> Unreadable(ColumnProfile column)
    {
        if (!column.IsNumber())
        {
            return [];
        }
        var unreadable = new List<string>();
        if (column.Infinite > 0)
        {
            unreadable.Add("infinite");
        }
        if (column.ValueKinds is { } kinds && kinds.Boolean + kinds.Date + kinds.Text > 0)
        {
            unreadable.Add("non_numeric");
        }
        return unreadable;
    }

    private static string MissingEvidence(ColumnProfile column)
    {
        var name = Quote(column.Name);
        var infinite = column.IsNumber() ? column.Infinite ?? 0 : 0;
        var words = column.IsNumber() && column.ValueKinds is { } kinds ? kinds.Boolean + kinds.Date + kinds.Text : 0;
        var odd = new List<string>();
        if (infinite > 0)
        {
            odd.Add($"{infinite} infinite");
        }
        if (words > 0)
        {
            odd.Add($"{words} non-numeric");
        }
        var oddText = $"{string.Join(" and ", odd)} {(infinite + words == 1 ? "value" : "values")} read as missing";
        return (column.Missing, odd.Count) switch
        {
            (_, 0) => $"{name} is {Pct(column.MissingPct / 100)} missing",
            (0, _) => $"{name} has {oddText}",
            _ => $"{name} is {Pct(column.MissingPct / 100)} missing, plus {oddText}",
        };
    }

    private static ImputePlan Plan(ColumnProfile column)
    {
        var missing = MissingEvidence(column);
        if (column.IsNumber())
        {
            var unreadable = Unreadable(column);
            return column.SkewnessEstimate() switch
            {
                { } skew when Math.Abs(skew) > MedianSkewness => new(column.Name, "median", null, 0.85, $"{missing} and skewed ({Num(skew)})", unreadable),
                { } skew => new(column.Name, "mean", null, 0.8, $"{missing} and roughly symmetric (skewness {Num(skew)})", unreadable),
                null => new(column.Name, "median", null, 0.6, $"{missing}, skewness unknown (the median is not pulled by outliers)", unreadable),
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

    private sealed record ImputePlan(string Column, string Strategy, string? FillValue, double Confidence, string Evidence, IReadOnlyList<string> AlsoMissing)
    {
        public ImputePlan(string column, string strategy, string? fillValue, double confidence, string evidence)
            : this(column, strategy, fillValue, confidence, evidence, [])
        {
        }
    }
}
