using System.Collections.Frozen;

namespace MlWorkflow.Engine.Suggestions;

/// <summary>The "op" of a pipeline step, snake_case exactly as the contract names them.</summary>
public static class PipelineOps
{
    public const string DropColumns = "drop_columns";
    public const string DropDuplicates = "drop_duplicates";

    /// <summary>Rows whose target is missing cannot train (params: none).</summary>
    public const string DropMissingTarget = "drop_missing_target";

    public const string Impute = "impute";
    public const string OneHot = "one_hot";
    public const string OrdinalEncode = "ordinal_encode";
    public const string StandardScale = "standard_scale";
    public const string MinMaxScale = "minmax_scale";
    public const string RobustScale = "robust_scale";
    public const string LogTransform = "log_transform";
    public const string ClipOutliers = "clip_outliers";
    public const string DateParts = "date_parts";
    public const string TextFeatures = "text_features";

    /// <summary>Every op above.</summary>
    public static readonly FrozenSet<string> All = FrozenSet.Create(StringComparer.Ordinal,
        DropColumns, DropDuplicates, DropMissingTarget, Impute, OneHot, OrdinalEncode, StandardScale, MinMaxScale,
        RobustScale, LogTransform, ClipOutliers, DateParts, TextFeatures);

    /// <summary>Ops that work on whole rows, so may name no column.</summary>
    public static readonly FrozenSet<string> RowOps = FrozenSet.Create(StringComparer.Ordinal, DropDuplicates, DropMissingTarget);
}

/// <summary>The ML.NET trainers recommended, by their MLContext method name.</summary>
public static class MlNetTrainers
{
    public const string LightGbm = "LightGbm";
    public const string FastTree = "FastTree";
    public const string FastForest = "FastForest";
    public const string LbfgsLogisticRegression = "LbfgsLogisticRegression";
    public const string LbfgsMaximumEntropy = "LbfgsMaximumEntropy";
    public const string SdcaLogisticRegression = "SdcaLogisticRegression";
    public const string SdcaMaximumEntropy = "SdcaMaximumEntropy";
    public const string Sdca = "Sdca";
    public const string OnlineGradientDescent = "OnlineGradientDescent";
    public const string LbfgsPoissonRegression = "LbfgsPoissonRegression";
}
