namespace MlWorkflow.Engine.Drift;

/// <summary>
/// A drift check of a window of logged rows against a model's reference: one entry per input column the reference
/// describes, the predictions' own drift, and whether the dataset drifts (at least
/// <see cref="DriftSettings.DatasetDriftShare"/> of the columns do). With fewer rows than <see cref="DriftSettings.MinRows"/>
/// the statistics are still shown, but <see cref="Status"/> is <see cref="NotEnoughRows"/>, nothing is marked drifted and
/// <see cref="Alerts"/> is empty.
/// </summary>
public sealed record DriftReport(
    string Status,
    string Message,
    long Rows,
    long ReferenceRows,
    IReadOnlyList<FeatureDrift> Features,
    FeatureDrift? Prediction,
    int DriftedFeatures,
    double DriftedShare,
    bool DatasetDrift,
    DriftSettings Settings)
{
    public const string Complete = "complete";
    public const string NotEnoughRows = "not_enough_rows";

    /// <summary>
    /// The alerts to raise: per column, one for its distance when it drifted (<c>warning</c>), one for PSI at or above
    /// <see cref="DriftSettings.PsiHigh"/> (<c>high</c>), one for a missing-rate change (<c>warning</c>, the value being the
    /// absolute change); then <c>dataset_drift</c> (<c>high</c>, the drifted share) and <c>prediction</c> (the predictions'
    /// distance; <c>high</c> when their PSI is), both with no feature.
    /// </summary>
    public IReadOnlyList<DriftAlert> Alerts()
    {
        if (Status != Complete)
        {
            return [];
        }
        var alerts = new List<DriftAlert>();
        foreach (var feature in Features)
        {
            if (feature.Drifted)
            {
                alerts.Add(new DriftAlert(feature.Name, feature.Metric, feature.Distance!.Value, feature.Threshold, DriftAlert.Warning));
            }
            if (feature.PsiLevel == PsiLevels.High)
            {
                alerts.Add(new DriftAlert(feature.Name, DriftMetrics.Psi, feature.Psi!.Value, Settings.PsiHigh, DriftAlert.High));
            }
            if (feature.MissingRateDrifted)
            {
                alerts.Add(new DriftAlert(feature.Name, DriftMetrics.MissingRate,
                    Math.Abs(feature.CurrentMissingRate - feature.ReferenceMissingRate), Settings.MissingRateChange, DriftAlert.Warning));
            }
        }
        if (DatasetDrift)
        {
            alerts.Add(new DriftAlert(null, DriftMetrics.DatasetDrift, DriftedShare, Settings.DatasetDriftShare, DriftAlert.High));
        }
        if (Prediction is { Drifted: true } prediction)
        {
            alerts.Add(new DriftAlert(null, DriftMetrics.Prediction, prediction.Distance!.Value, prediction.Threshold,
                prediction.PsiLevel == PsiLevels.High ? DriftAlert.High : DriftAlert.Warning));
        }
        return alerts;
    }
}

/// <summary>
/// One column (or the predictions) in a window. <see cref="Metric"/> names the distance: <c>wasserstein</c> (numbers,
/// normed by the reference std) or <c>jensen_shannon</c> (booleans and categories); null when either side has no value.
/// Missing rates count missing and invalid cells alike, as the model reads both as missing; <see cref="Missing"/> and
/// <see cref="Invalid"/> (values that are not a number or boolean, with up to five <see cref="InvalidExamples"/>) tell
/// them apart. The histogram shares are of the values read, on the reference's bins or categories.
/// </summary>
public sealed record FeatureDrift(
    string Name,
    string Kind,
    long Rows,
    long Missing,
    long Invalid,
    IReadOnlyList<string> InvalidExamples,
    double ReferenceMissingRate,
    double CurrentMissingRate,
    bool MissingRateDrifted,
    string Metric,
    double? Distance,
    double Threshold,
    bool Drifted,
    double? Psi,
    string PsiLevel,
    double? ReferenceMean,
    double? CurrentMean,
    DriftHistogram? Histogram,
    string? Note);

/// <summary>
/// Reference and current shares side by side. Numbers: on <see cref="Edges"/> (the reference's decile edges; the first and
/// last bins also take the values below and above them). Categories: per <see cref="Labels"/>, the last being
/// <see cref="Other"/> when either side has values outside the reference's categories.
/// </summary>
public sealed record DriftHistogram(IReadOnlyList<double>? Edges, IReadOnlyList<string>? Labels, IReadOnlyList<double> Reference, IReadOnlyList<double> Current)
{
    public const string Other = "(other)";
}

/// <summary>An alert to raise: <see cref="Feature"/> is null for <c>dataset_drift</c> and <c>prediction</c>.</summary>
public sealed record DriftAlert(string? Feature, string Metric, double Value, double Threshold, string Severity)
{
    public const string Warning = "warning";
    public const string High = "high";
}

/// <summary>The metric names of <see cref="FeatureDrift.Metric"/> and <see cref="DriftAlert.Metric"/>.</summary>
public static class DriftMetrics
{
    public const string Wasserstein = "wasserstein";
    public const string JensenShannon = "jensen_shannon";
    public const string Psi = "psi";
    public const string MissingRate = "missing_rate";
    public const string DatasetDrift = "dataset_drift";
    public const string Prediction = "prediction";
}

/// <summary>Where a PSI falls: below <see cref="DriftSettings.PsiModerate"/>, up to <see cref="DriftSettings.PsiHigh"/>, or above.</summary>
public static class PsiLevels
{
    public const string None = "none";
    public const string Moderate = "moderate";
    public const string High = "high";
}
