namespace MlWorkflow.Engine.Alerts;

/// <summary>The "type" of an alert (contract "Alert"): ydata-profiling's set plus leakage, disguised missing values, identifiers and mixed types.</summary>
public static class AlertTypes
{
    public const string Constant = "constant";
    public const string Zeros = "zeros";
    public const string HighCorrelation = "high_correlation";
    public const string HighCardinality = "high_cardinality";
    public const string Unsupported = "unsupported";
    public const string Duplicates = "duplicates";
    public const string Skewed = "skewed";
    public const string Imbalance = "imbalance";
    public const string Missing = "missing";
    public const string Infinite = "infinite";
    public const string Date = "date";
    public const string Unique = "unique";
    public const string ConstantLength = "constant_length";
    public const string Uniform = "uniform";
    public const string Empty = "empty";
    public const string TargetLeakage = "target_leakage";
    public const string DisguisedMissing = "disguised_missing";
    public const string Identifier = "identifier";
    public const string MixedTypes = "mixed_types";
}

/// <summary>The "severity" of an alert.</summary>
public static class AlertSeverity
{
    public const string Info = "info";
    public const string Warning = "warning";
    public const string Error = "error";

    /// <summary>Sort key: errors first.</summary>
    public static int Rank(string severity) => severity switch { Error => 0, Warning => 1, _ => 2 };
}
