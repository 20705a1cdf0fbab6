using MlWorkflow.Api.Datasets;
using MlWorkflow.Api.Tasks;
using MlWorkflow.Engine.Preprocessing;

namespace MlWorkflow.Api.Preprocessing;

/// <summary>
/// Body of <c>POST /api/run_pipeline</c>. Without <c>steps</c> the dataset's saved pipeline runs (when it is for this
/// target), else the suggestion for the target; without <c>target</c>, the saved pipeline's or the best candidate.
/// </summary>
public sealed record RunPipelineRequest(Guid? DatasetId, string? Target = null, IReadOnlyList<PipelineDraftStep?>? Steps = null, string? Name = null);

/// <summary>The output dataset (status processing) and the preprocess task writing it.</summary>
public sealed record RunPipelineResponse(DatasetResponse Dataset, TaskResponse Task);

/// <summary>What a derived dataset's <c>lineage</c> holds when it is created; the worker adds <c>fitted</c>.</summary>
public sealed record DatasetLineage(Guid ParentDatasetId, string ParentDatasetName, Guid TaskId, string Target, string Task, IReadOnlyList<PipelineStepSpec> Steps);
