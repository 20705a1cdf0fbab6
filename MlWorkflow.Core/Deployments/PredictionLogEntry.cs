namespace MlWorkflow.Core.Deployments;

/// <summary>One predicted row of a deployment: what was sent and what was answered, for drift checks.</summary>
public sealed class PredictionLogEntry
{
    /// <summary>Ascending in write order; a drift check's window is a range of ids.</summary>
    public long Id { get; init; }

    public required Guid DeploymentId { get; init; }

    public required Guid ModelId { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>jsonb: the row's input columns as sent (columns the model does not use left out).</summary>
    public required string Inputs { get; init; }

    /// <summary>jsonb: the prediction ({"label","probabilities"} or {"value"}).</summary>
    public required string Output { get; init; }
}
