namespace MlWorkflow.Engine.Drift;

/// <summary>
/// When a drift check calls a change drift. Distances: the Wasserstein-1 distance divided by max(reference std, 0.001)
/// for numbers (1 = the whole distribution moved by one reference std), and the Jensen–Shannon distance for categories
/// and booleans, with natural logarithms as scipy's <c>jensenshannon</c> by default (so it runs from 0 to √ln 2 ≈ 0.833);
/// Evidently's defaults for both are 0.1. PSI (population stability index) is reported against the usual 0.1 (moderate)
/// and 0.25 (high) bands.
/// </summary>
public sealed record DriftSettings
{
    public static DriftSettings Default { get; } = new();

    /// <summary>A number column drifts at a normed Wasserstein distance of at least this.</summary>
    public double NumberDistanceThreshold { get; init; } = 0.1;

    /// <summary>A category or boolean column drifts at a Jensen–Shannon distance (natural log) of at least this.</summary>
    public double CategoryDistanceThreshold { get; init; } = 0.1;

    public double PsiModerate { get; init; } = 0.1;

    /// <summary>A PSI of at least this raises a <c>high</c> alert of its own.</summary>
    public double PsiHigh { get; init; } = 0.25;

    /// <summary>A change of the missing rate by at least this (absolute: 0.1 = ten points) raises an alert.</summary>
    public double MissingRateChange { get; init; } = 0.1;

    /// <summary>The dataset drifts when at least this share of its columns does.</summary>
    public double DatasetDriftShare { get; init; } = 0.5;

    /// <summary>Below this many logged rows a check reports what it saw but draws no verdict and raises no alert.</summary>
    public int MinRows { get; init; } = 100;

    /// <exception cref="ArgumentOutOfRangeException">A threshold is negative or not a number, a share is above 1, or MinRows is below 1.</exception>
    public void Validate()
    {
        foreach (var (name, value) in new[]
        {
            (nameof(NumberDistanceThreshold), NumberDistanceThreshold), (nameof(CategoryDistanceThreshold), CategoryDistanceThreshold),
            (nameof(PsiModerate), PsiModerate), (nameof(PsiHigh), PsiHigh), (nameof(MissingRateChange), MissingRateChange),
            (nameof(DatasetDriftShare), DatasetDriftShare),
        })
        {
            if (!(value >= 0) || double.IsInfinity(value))
            {
                throw new ArgumentOutOfRangeException(name, value, $"{name} must be a finite number ≥ 0.");
            }
        }
        if (DatasetDriftShare > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(DatasetDriftShare), DatasetDriftShare, "DatasetDriftShare is a share: at most 1.");
        }
        if (MinRows < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MinRows), MinRows, "MinRows must be at least 1.");
        }
    }
}
