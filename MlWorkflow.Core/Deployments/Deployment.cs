namespace MlWorkflow.Core.Deployments;

/// <summary>
/// A model behind a stable name and URL. <see cref="ModelId"/> is the model it serves now; a switch (or rollback)
/// changes it and <see cref="Generation"/> in one update, closes the current <see cref="DeploymentHistoryEntry"/>
/// and opens the next, so every Api replica can tell its loaded model is stale by the generation alone.
/// </summary>
public sealed class Deployment
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public required Guid OwnerId { get; init; }

    /// <summary>Unique per owner; letters, digits, '-', '_' and '.'.</summary>
    public required string Name { get; set; }

    public required Guid ModelId { get; set; }

    /// <summary>Starts at 1; one more on every model switch.</summary>
    public int Generation { get; set; } = 1;

    /// <summary>Minutes between scheduled drift checks.</summary>
    public int DriftIntervalMinutes { get; set; } = DeploymentDefaults.DriftIntervalMinutes;

    /// <summary>Days the prediction log of this deployment is kept.</summary>
    public int LogRetentionDays { get; set; } = DeploymentDefaults.LogRetentionDays;

    /// <summary>Receives each new drift alert as JSON (POST); null for none.</summary>
    public string? WebhookUrl { get; set; }

    /// <summary>jsonb: the drift thresholds when they differ from the defaults; null for the defaults.</summary>
    public string? DriftSettings { get; set; }

    /// <summary>jsonb: the latest drift report; null before the first check.</summary>
    public string? DriftReport { get; set; }

    public DateTimeOffset? DriftCheckedAt { get; set; }

    /// <summary>The last prediction log id the latest drift check read; the next check's window starts after it.</summary>
    public long DriftCheckedThroughLogId { get; set; }

    public DateTimeOffset CreatedAt { get; init; } = DateTimeOffset.UtcNow;

    public DateTimeOffset UpdatedAt { get; set; } = DateTimeOffset.UtcNow;
}

public static class DeploymentDefaults
{
    public const int DriftIntervalMinutes = 15;
    public const int LogRetentionDays = 30;
    public const int NameMaxLength = 100;
}
