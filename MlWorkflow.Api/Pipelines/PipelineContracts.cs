using MlWorkflow.Engine.Preprocessing;

namespace MlWorkflow.Api.Pipelines;

/// <summary>The saved pipeline; <c>task</c> is the task of its target (binary, multiclass or regression).</summary>
public sealed record SavedPipelineResponse(Guid DatasetId, string Target, string Task, IReadOnlyList<PipelineStepSpec> Steps, DateTimeOffset UpdatedAt);
