namespace MlWorkflow.Engine.Alerts;

/// <summary>Every threshold an alert uses; shares are fractions of the rows (or of the non-missing values where said).</summary>
public static class AlertThresholds
{
    /// <summary>zeros: more than this share of the non-missing values are 0 (ydata-profiling uses 10%).</summary>
    public const double ZerosShare = 0.10;

    /// <summary>high_correlation: association at least this (|Spearman|, Cramér's V or correlation ratio; ydata-profiling 0.9).</summary>
    public const double HighCorrelation = 0.9;

    /// <summary>target_leakage: a feature's association with the target at least this: it alone nearly predicts the target.</summary>
    public const double Leakage = 0.95;

    /// <summary>
    /// target_leakage between a number and a category (correlation ratio): genuinely strong features reach 0.95–0.97
    /// (iris petal width vs species), so only a near-exact dependence counts.
    /// </summary>
    public const double LeakageMixed = 0.99;

    /// <summary>high_cardinality: categorical or text columns with more distinct values than this (ydata-profiling 50).</summary>
    public const int HighCardinality = 50;

    /// <summary>unsupported: string values longer than this are documents or blobs the trainers cannot use as they are.</summary>
    public const int UnsupportedMaxLength = 1_000;

    /// <summary>skewed: |skewness| above this (a common rule of thumb; ydata-profiling's 20 catches only extreme cases).</summary>
    public const double Skewness = 2.0;

    /// <summary>imbalance: 1 − normalised entropy of the class counts above this (ydata-profiling 0.5).</summary>
    public const double Imbalance = 0.5;

    /// <summary>missing: below this share the alert is info, from it a warning.</summary>
    public const double MissingWarningShare = 0.05;

    /// <summary>missing: from this share an error (more missing than present).</summary>
    public const double MissingErrorShare = 0.5;

    /// <summary>unique: only columns with at least this many values (a small table is unique by chance).</summary>
    public const int UniqueMinValues = 20;

    /// <summary>constant_length: only with at least this many distinct values (a few equal-length categories such as "1st", "2nd", "3rd" say nothing).</summary>
    public const int ConstantLengthMinDistinct = 10;

    /// <summary>uniform: at least this many categories or histogram bins…</summary>
    public const int UniformMinBins = 3;

    /// <summary>…each holding at least this many values on average…</summary>
    public const double UniformMinMeanCount = 5;

    /// <summary>…and every count within this relative distance of the mean count.</summary>
    public const double UniformTolerance = 0.2;

    /// <summary>disguised_missing: a placeholder value is suspicious from this share of the non-missing values…</summary>
    public const double DisguisedMissingShare = 0.01;

    /// <summary>…and at least this many occurrences.</summary>
    public const int DisguisedMissingMinCount = 3;

    /// <summary>mixed_types: a string column where numbers make between this share and its complement of the listed values.</summary>
    public const double MixedTypesMinShare = 0.05;
}
