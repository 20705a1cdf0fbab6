namespace MlWorkflow.Engine.Targets;

/// <summary>How a column's name speaks for or against it being the target.</summary>
internal static class TargetNames
{
    /// <summary>Generic names for a label.</summary>
    private static readonly HashSet<string> s_label =
        ["target", "label", "labels", "class", "y", "outcome", "response", "ground_truth", "truth", "dependent_variable"];

    /// <summary>Names that are the target of well-known datasets and business problems.</summary>
    private static readonly HashSet<string> s_common =
    [
        "species", "survived", "survival", "churn", "churned", "default", "fraud", "is_fraud", "diagnosis", "disease",
        "price", "saleprice", "sale_price", "charges", "salary", "income", "revenue", "sales", "quality", "rating",
        "grade", "mpg", "miles_per_gallon", "medv", "progression", "death_event", "attrition", "approved",
        "purchased", "clicked", "converted", "loan_status", "cnt", "passed", "subscribed", "exited", "readmitted",
    ];

    /// <summary>Names of things that are almost always inputs: date parts, positions, names.</summary>
    private static readonly HashSet<string> s_feature =
        ["year", "month", "day", "date", "time", "timestamp", "hour", "week", "weekday", "name", "index", "row", "seq"];

    public static NameEvidence Judge(string name)
    {
        var normal = Normalize(name);
        if (s_label.Contains(normal))
        {
            return NameEvidence.Label;
        }
        if (s_common.Contains(normal))
        {
            return NameEvidence.CommonTarget;
        }
        var tokens = normal.Split('_', StringSplitOptions.RemoveEmptyEntries);
        if (tokens.Any(token => s_feature.Contains(token)))
        {
            return NameEvidence.FeatureLike;
        }
        return tokens.Length > 1 && tokens.Any(token => s_label.Contains(token) || s_common.Contains(token))
            ? NameEvidence.ContainsTargetWord
            : NameEvidence.None;
    }

    /// <summary>Lower case, units in parentheses removed, any other run of non-letters-or-digits as "_".</summary>
    internal static string Normalize(string name)
    {
        var open = name.IndexOf('(', StringComparison.Ordinal);
        var text = (open > 0 ? name[..open] : name).Trim().ToLowerInvariant();
        var chars = text.Select(c => char.IsLetterOrDigit(c) ? c : '_').ToArray();
        return string.Join('_', new string(chars).Split('_', StringSplitOptions.RemoveEmptyEntries));
    }
}

internal enum NameEvidence
{
    None,
    Label,
    CommonTarget,
    ContainsTargetWord,
    FeatureLike,
}
