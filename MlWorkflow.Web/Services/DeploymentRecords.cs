namespace MlWorkflow.Web.Services;

// The deployments' JSON as Web reads and sends it (its shapes: /openapi/v1.json).

/// <summary>
/// A deployment: the model it serves now, its predict <see cref="Url"/>, the models it served before (<see cref="History"/>,
/// newest first; <c>To</c> is null for the current one), its settings and, on the single read, the last hour's traffic.
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
    DeploymentStatsRecord? Stats = null)
{
    /// <summary>The model served before the current one: what Roll back switches to; null for a deployment never switched.</summary>
    public DeploymentHistoryRecord? Previous => History.Skip(1).FirstOrDefault(h => h.ModelId != ModelId);
}

public sealed record DeploymentHistoryRecord(Guid ModelId, string ModelName, int ModelVersion, DateTimeOffset From, DateTimeOffset? To);

/// <summary>The last hour: requests, errors, predicted rows, rows the log could not take, latency percentiles (ms), and per minute.</summary>
public sealed record DeploymentStatsRecord(
    long Requests, long Errors, long Rows, long UnloggedRows, double? P50Ms, double? P99Ms, IReadOnlyList<DeploymentMinuteRecord> PerMinute);

/// <summary>One minute that had requests (minutes without any are left out).</summary>
public sealed record DeploymentMinuteRecord(DateTimeOffset Minute, long Requests, long Errors, double? P50Ms, double? P99Ms);

/// <summary>The body of POST /api/deployments; settings left null take the Api's defaults.</summary>
public sealed record CreateDeploymentRequest(string Name, Guid ModelId, int? DriftIntervalMinutes, int? LogRetentionDays, string? WebhookUrl);

/// <summary>The body of PUT /api/deployments/{id}: what is null stays as it is; an empty <see cref="WebhookUrl"/> removes it.</summary>
public sealed record UpdateDeploymentRequest(Guid? ModelId = null, int? DriftIntervalMinutes = null, int? LogRetentionDays = null, string? WebhookUrl = null);

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

/// <summary>Settings a deployment is created with or changed to; the lists are what the Api accepts.</summary>
public static class DeploymentSettings
{
    public const int DefaultDriftIntervalMinutes = 15;
    public const int DefaultLogRetentionDays = 30;
    public const int MaxLogRetentionDays = 3650;

    /// <summary>Intervals Hangfire's cron can say exactly (minutes dividing an hour, hours dividing a day), as the Api checks them.</summary>
    public static IReadOnlyList<int> DriftIntervals { get; } = [1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30, 60, 120, 180, 240, 360, 480, 720, 1440];

    public static string DescribeInterval(int minutes) => minutes switch
    {
        1 => "every minute",
        < 60 => $"every {minutes} minutes",
        60 => "every hour",
        1440 => "every day",
        _ => $"every {minutes / 60} hours",
    };
}

/// <summary>The settings as a form edits them (the create dialog and the settings tab).</summary>
public sealed class DeploymentSettingsForm
{
    public int DriftIntervalMinutes { get; set; } = DeploymentSettings.DefaultDriftIntervalMinutes;

    public int LogRetentionDays { get; set; } = DeploymentSettings.DefaultLogRetentionDays;

    public string WebhookUrl { get; set; } = "";

    public static DeploymentSettingsForm From(DeploymentRecord deployment) => new()
    {
        DriftIntervalMinutes = deployment.DriftIntervalMinutes,
        LogRetentionDays = deployment.LogRetentionDays,
        WebhookUrl = deployment.WebhookUrl ?? "",
    };
}
