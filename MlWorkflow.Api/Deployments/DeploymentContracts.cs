using System.Text.Json.Serialization;
using MlWorkflow.Engine.Drift;

namespace MlWorkflow.Api.Deployments;

/// <summary>
/// A deployment: the model it serves now (<c>modelName</c> v<c>modelVersion</c>), its predict <c>url</c>, the models it
/// served before (<c>history</c>, newest first; <c>to</c> is null for the current one), its settings and, on the single
/// read, its traffic <c>stats</c> over the last hour.
/// </summary>
public sealed record DeploymentResponse(
    Guid Id,
    string Name,
    Guid ModelId,
    string ModelName,
    int ModelVersion,
    string Task,
    string Target,
    string Status,
    string Url,
    int DriftIntervalMinutes,
    int LogRetentionDays,
    string? WebhookUrl,
    DriftSettings DriftSettings,
    int UnacknowledgedAlerts,
    DateTimeOffset? DriftCheckedAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<DeploymentHistoryResponse> History,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DeploymentStatsResponse? Stats = null);

public sealed record DeploymentHistoryResponse(Guid ModelId, string ModelName, int ModelVersion, DateTimeOffset From, DateTimeOffset? To);

public sealed record DeploymentListResponse(IReadOnlyList<DeploymentResponse> Items, int Total);

/// <summary>Body of <c>POST /api/deployments</c>.</summary>
public sealed record CreateDeploymentRequest(string? Name, Guid? ModelId, int? DriftIntervalMinutes, int? LogRetentionDays, string? WebhookUrl,
    DriftSettings? DriftSettings);

/// <summary>Body of <c>PUT /api/deployments/{id}</c>: a model to switch to and/or settings to change (absent = unchanged).</summary>
/// <remarks><c>driftSettings</c> replaces the thresholds as a whole; a field left out takes its default.</remarks>
public sealed record UpdateDeploymentRequest(Guid? ModelId, int? DriftIntervalMinutes, int? LogRetentionDays, string? WebhookUrl, DriftSettings? DriftSettings);

/// <summary>
/// Requests, errors and predicted rows over the last hour, latency percentiles (ms, within ±8 %), rows the
/// prediction log could not take, and the same per minute (oldest first, minutes with no request left out).
/// </summary>
public sealed record DeploymentStatsResponse(
    long Requests,
    long Errors,
    long Rows,
    long UnloggedRows,
    double? P50Ms,
    double? P99Ms,
    IReadOnlyList<DeploymentMinuteResponse> PerMinute);

public sealed record DeploymentMinuteResponse(DateTimeOffset Minute, long Requests, long Errors, double? P50Ms, double? P99Ms);

/// <summary>Body of <c>POST /api/deployments/{id}/keys</c>.</summary>
public sealed record CreateKeyRequest(string? Name);

/// <summary>A new key: <c>key</c> is shown this once (only its hash is kept).</summary>
public sealed record CreatedKeyResponse(Guid Id, string Name, string Prefix, string Key, DateTimeOffset CreatedAt);

public sealed record DeploymentKeyResponse(Guid Id, string Name, string Prefix, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);

/// <summary>Body of <c>POST /api/deployments/{id}/predict</c>: 1 to 10,000 rows of column → value.</summary>
public sealed record PredictRequest(IReadOnlyList<IReadOnlyDictionary<string, System.Text.Json.JsonElement>>? Rows);

/// <summary>One row's prediction: <c>label</c> and <c>probabilities</c> (classification) or <c>value</c> (regression).</summary>
public sealed record PredictionResponse(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Label,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, double>? Probabilities,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? Value);

/// <summary>The predictions in the order of the rows sent, and the model that made them.</summary>
public sealed record PredictResponse(Guid DeploymentId, Guid ModelId, int ModelVersion, IReadOnlyList<PredictionResponse> Predictions);

public sealed record DriftAlertResponse(
    Guid Id, Guid DeploymentId, string DeploymentName, Guid ModelId, string Feature, string Metric, double Value, double Threshold,
    string Severity, DateTimeOffset WindowStart, DateTimeOffset WindowEnd, int Rows, DateTimeOffset CreatedAt, DateTimeOffset? AcknowledgedAt);

public sealed record DriftAlertListResponse(IReadOnlyList<DriftAlertResponse> Items, int Total, int Unacknowledged);

/// <summary>The drift_check task started for a deployment.</summary>
public sealed record DriftCheckResponse(MlWorkflow.Api.Tasks.TaskResponse Task);

/// <summary>
/// The latest drift report of a deployment (null before its first check): per feature the reference and current
/// histograms, PSI, distance and whether it drifted; prediction drift; the share of drifted features.
/// </summary>
public sealed record DriftReportResponse(Guid DeploymentId, DateTimeOffset? CheckedAt, System.Text.Json.JsonElement? Report);
