namespace MlWorkflow.Api.Deployments.Serving;

/// <summary>
/// What a deployment serves at one moment, read in one query: a request resolves it once and uses it from start to end,
/// so a model switch never mixes two models (or two input schemas) in one answer.
/// </summary>
public sealed record ServingState(
    Guid DeploymentId, Guid OwnerId, Guid ModelId, int ModelVersion, int Generation, Guid ArtifactId, InputRowSchema Schema);
