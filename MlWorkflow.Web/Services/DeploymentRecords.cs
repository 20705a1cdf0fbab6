namespace MlWorkflow.Web.Services;

// The deployments' JSON as Web reads and sends it (its shapes: /openapi/v1.json).

/// <summary>
/// A deployment: the model it serves now, its predict <see cref="Url"/>, the models it served before (<see cref="History"/>,
/// newest first; <c>To</c> is null for the current one), its settings and, on the single read, the last hour's traffic and
/// a typical row of the served model's training data (<see cref="SampleRow"/>).
/// </summary>
public sealed record DeploymentRecord(
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
    int UnacknowledgedAlerts,
    DateTimeOffset? DriftCheckedAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<DeploymentHistoryRecord> History,
    DeploymentStatsRecord? Stats = null,
    DriftSettingsRecord? DriftSettings = null,
    IReadOnlyDictionary<string, System.Text.Json.JsonElement>? SampleRow = null)
{
    /// <summary>The model served before the current one: what Roll back switches to; null for a deployment never switched.</summary>
    public DeploymentHistoryRecord? Previous => History.Skip(1).FirstOrDefault(h => h.ModelId != ModelId);
}

/// <summary>
/// When a drift check calls a change drift: distances from the training data (numbers: Wasserstein normed by the training std;
/// categories: Jensen–Shannon), PSI bands, a missing-rate change, the share of drifted columns that makes the dataset drift,
/// and the rows a check needs before it judges anything.
/// </summary>
public sealed record DriftSettingsRecord(
    double NumberDistanceThreshold, double CategoryDistanceThreshold, double PsiModerate, double PsiHigh, double MissingRateChange,
    double DatasetDriftShare, int MinRows);

public sealed record DeploymentHistoryRecord(Guid ModelId, string ModelName, int ModelVersion, DateTimeOffset From, DateTimeOffset? To);

/// <summary>The last hour: requests, errors, predicted rows, rows the log could not take, latency percentiles (ms), and per minute.</summary>
public sealed record DeploymentStatsRecord(
    long Requests, long Errors, long Rows, long UnloggedRows, double? P50Ms, double? P99Ms, IReadOnlyList<DeploymentMinuteRecord> PerMinute);

/// <summary>One minute that had requests (minutes without any are left out).</summary>
public sealed record DeploymentMinuteRecord(DateTimeOffset Minute, long Requests, long Errors, double? P50Ms, double? P99Ms);

/// <summary>The body of POST /api/deployments; settings left null take the Api's defaults.</summary>
public sealed record CreateDeploymentRequest(string Name, Guid ModelId, int? DriftIntervalMinutes, int? LogRetentionDays, string? WebhookUrl);

/// <summary>The body of PUT /api/deployments/{id}: what is null stays as it is; an empty <see cref="WebhookUrl"/> removes it.</summary>
/// <remarks><see cref="DriftSettings"/> replaces the thresholds as a whole.</remarks>
public sealed record UpdateDeploymentRequest(
    Guid? ModelId = null, int? DriftIntervalMinutes = null, int? LogRetentionDays = null, string? WebhookUrl = null, DriftSettingsRecord? DriftSettings = null);

public sealed record DeploymentKeyRecord(Guid Id, string Name, string Prefix, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);

/// <summary>GET /api/deployments/{id}/keys: newest first, revoked ones included.</summary>
public sealed record DeploymentKeyList(IReadOnlyList<DeploymentKeyRecord> Items);

public sealed record CreateKeyRequest(string Name);

/// <summary>A new key: <see cref="Key"/> is in this answer only (the Api keeps its hash).</summary>
public sealed record CreatedKeyRecord(Guid Id, string Name, string Prefix, string Key, DateTimeOffset CreatedAt);

/// <summary>The body of POST /api/deployments/{id}/predict: rows of column → value (a number, true/false, a string or null).</summary>
public sealed record PredictRequest(IReadOnlyList<IReadOnlyDictionary<string, object?>> Rows);

public sealed record PredictResult(Guid DeploymentId, Guid ModelId, int ModelVersion, IReadOnlyList<PredictionRecord> Predictions);

/// <summary>A row's prediction: <see cref="Label"/> and <see cref="Probabilities"/> (classification) or <see cref="Value"/> (regression).</summary>
public sealed record PredictionRecord(string? Label, IReadOnlyDictionary<string, double>? Probabilities, double? Value);
