namespace MlWorkflow.Core.Deployments;

/// <summary>A drift check found <see cref="Feature"/>'s <see cref="Metric"/> at or past its threshold.</summary>
public sealed class DriftAlert
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public required Guid DeploymentId { get; init; }

    public required Guid ModelId { get; init; }

    /// <summary>An input column, or <c>prediction</c>, or <c>dataset</c> for dataset drift.</summary>
    public required string Feature { get; init; }

    /// <summary>psi, wasserstein, jensen_shannon, missing_rate or drift_share.</summary>
    public required string Metric { get; init; }

    public required double Value { get; init; }

    public required double Threshold { get; init; }

    /// <summary>warning or high.</summary>
    public required string Severity { get; init; }

    public required DateTimeOffset WindowStart { get; init; }

    public required DateTimeOffset WindowEnd { get; init; }

    public required int Rows { get; init; }

    public DateTimeOffset CreatedAt { get; init; } = DateTimeOffset.UtcNow;

    public DateTimeOffset? AcknowledgedAt { get; set; }
}
