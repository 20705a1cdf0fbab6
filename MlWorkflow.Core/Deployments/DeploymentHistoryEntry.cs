namespace MlWorkflow.Core.Deployments;

/// <summary>One period a deployment served one model: from <see cref="From"/> until <see cref="To"/> (null while current).</summary>
/// <remarks>The model's name and version are copied: a model that is no longer served may be deleted, its history stays.</remarks>
public sealed class DeploymentHistoryEntry
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public required Guid DeploymentId { get; init; }

    public required Guid ModelId { get; init; }

    public required string ModelName { get; init; }

    public required int ModelVersion { get; init; }

    public required DateTimeOffset From { get; init; }

    public DateTimeOffset? To { get; set; }
}
