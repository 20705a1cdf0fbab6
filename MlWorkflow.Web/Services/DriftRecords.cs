using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace MlWorkflow.Web.Services;

// Drift checks' JSON as Web reads it: the alerts, and the latest report (read defensively: a report of another shape
// shows as such instead of breaking the page).

public sealed record DriftAlertRecord(
    Guid Id,
    Guid DeploymentId,
    string DeploymentName,
    Guid ModelId,
    string? Feature,
    string Metric,
    double Value,
    double Threshold,
    string Severity,
    DateTimeOffset WindowStart,
    DateTimeOffset WindowEnd,
    int Rows,
    DateTimeOffset CreatedAt,
    DateTimeOffset? AcknowledgedAt);

/// <summary>GET /api/drift_alerts: a page of alerts, and how many of the filtered ones wait for an acknowledgement.</summary>
public sealed record DriftAlertPage(IReadOnlyList<DriftAlertRecord> Items, int Total, int Unacknowledged);

/// <summary>GET /api/drift_alerts's filters; null leaves one out.</summary>
public sealed record DriftAlertFilter(Guid? DeploymentId = null, bool? Acknowledged = null);

/// <summary>POST /api/deployments/{id}/drift_check's 202: the drift_check task.</summary>
public sealed record DriftCheckResult(TaskRecord Task);

/// <summary>GET /api/deployments/{id}/drift: the latest report as stored (null before the first check).</summary>
public sealed record DriftReportEnvelope(Guid DeploymentId, DateTimeOffset? CheckedAt, JsonElement? Report)
{
    private static readonly JsonSerializerOptions s_options = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = JsonNumberHandling.AllowReadingFromString | JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>The report, or null when there is none yet or it has a shape Web does not know (<see cref="IsUnreadable"/>).</summary>
    public DriftReportRecord? Read()
    {
        if (Report is not { ValueKind: JsonValueKind.Object } json)
        {
            return null;
        }
        try
        {
            return json.Deserialize<DriftReportRecord>(s_options);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public bool IsUnreadable => Report is { ValueKind: not (JsonValueKind.Null or JsonValueKind.Undefined) } && Read() is null;
}

/// <summary>
/// A drift check of a window of logged rows against the model's training data: per input column, the predictions, and
/// whether the dataset drifted (enough columns did). Below the minimum rows <see cref="Status"/> is <c>not_enough_rows</c>:
/// statistics are shown, nothing is judged.
/// </summary>
public sealed record DriftReportRecord(
    string? Status,
    string? Message,
    long Rows,
    long ReferenceRows,
    IReadOnlyList<FeatureDriftRecord>? Features,
    FeatureDriftRecord? Prediction,
    int DriftedFeatures,
    double DriftedShare,
    bool DatasetDrift)
{
    public const string Complete = "complete";

    public bool IsComplete => Status == Complete;

    /// <summary>Drifted columns first, then by distance (largest first), so what needs a look leads.</summary>
    public IEnumerable<FeatureDriftRecord> OrderedFeatures =>
        (Features ?? []).OrderByDescending(f => f.Drifted || f.MissingRateDrifted).ThenByDescending(f => f.Distance ?? -1).ThenBy(f => f.Name, StringComparer.Ordinal);
}

/// <summary>
/// One column (or the predictions) in the window: its distance (<see cref="Metric"/> <c>wasserstein</c> for numbers, normed
/// by the reference's std; <c>jensen_shannon</c> for categories) against <see cref="Threshold"/>, PSI and its band, the
/// missing rates, and the reference's and the window's shares per bin or category.
/// </summary>
public sealed record FeatureDriftRecord(
    string Name,
    string? Kind,
    long Rows,
    long Missing,
    long Invalid,
    IReadOnlyList<string>? InvalidExamples,
    double ReferenceMissingRate,
    double CurrentMissingRate,
    bool MissingRateDrifted,
    string? Metric,
    double? Distance,
    double Threshold,
    bool Drifted,
    double? Psi,
    string? PsiLevel,
    double? ReferenceMean,
    double? CurrentMean,
    DriftHistogramRecord? Histogram,
    string? Note);

/// <summary>Reference and current shares side by side: on number bins (<see cref="Edges"/>) or per category (<see cref="Labels"/>).</summary>
public sealed record DriftHistogramRecord(IReadOnlyList<double>? Edges, IReadOnlyList<string>? Labels, IReadOnlyList<double>? Reference, IReadOnlyList<double>? Current)
{
    public int Bins => Math.Max(Reference?.Count ?? 0, Current?.Count ?? 0);

    public double ReferenceAt(int bin) => Reference is { } shares && bin < shares.Count ? shares[bin] : 0;

    public double CurrentAt(int bin) => Current is { } shares && bin < shares.Count ? shares[bin] : 0;

    /// <summary>A bin's name: its category, or its number range (k + 1 edges bound k bins; the outer bins also take what lies beyond).</summary>
    public string Label(int bin)
    {
        if (Labels is { } labels && bin < labels.Count)
        {
            return labels[bin];
        }
        if (Edges is { } edges && edges.Count == Bins + 1)
        {
            return Bins == 1 ? $"{Short(edges[0])}–{Short(edges[1])}"
                : bin == 0 ? $"< {Short(edges[1])}"
                : bin == Bins - 1 ? $"≥ {Short(edges[bin])}"
                : $"{Short(edges[bin])}–{Short(edges[bin + 1])}";
        }
        return (bin + 1).ToString(CultureInfo.InvariantCulture);
    }

    private static string Short(double value) => Math.Abs(value) >= 1000 || value == Math.Round(value)
        ? value.ToString("0.#", CultureInfo.InvariantCulture)
        : value.ToString("0.##", CultureInfo.InvariantCulture);
}
