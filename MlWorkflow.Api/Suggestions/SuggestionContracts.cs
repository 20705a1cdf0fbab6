using MlWorkflow.Engine.Suggestions;

namespace MlWorkflow.Api.Suggestions;

/// <summary>
/// The suggested preprocessing pipeline: the Engine's <see cref="PipelineSuggestion"/> plus the dataset id. Target and
/// task are null (and there are no target-specific steps) when no column can be a target.
/// </summary>
public sealed record PipelineSuggestionResponse(Guid DatasetId, string? Target, string? Task, IReadOnlyList<PipelineStep> Steps);

/// <summary>Recommended ML.NET trainers, best first: the Engine's <see cref="ModelRecommendation"/> plus the dataset id.</summary>
public sealed record ModelRecommendationResponse(Guid DatasetId, string? Target, string? Task, IReadOnlyList<ModelChoice> Models);
