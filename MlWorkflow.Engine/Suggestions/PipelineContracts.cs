using System.Text.Json;

namespace MlWorkflow.Engine.Suggestions;

/// <summary>A suggested preprocessing pipeline (contract "Suggestions"; the API adds "datasetId"). Target and task are null when no column can be the target.</summary>
public sealed record PipelineSuggestion(string? Target, string? Task, IReadOnlyList<PipelineStep> Steps);

/// <summary>
/// One step: <c>Op</c> is one of <see cref="PipelineOps"/>; <c>Id</c> is derived from the op and the columns only,
/// so it stays the same across profiles and an edited pipeline can refer to it.
/// </summary>
public sealed record PipelineStep(
    string Id,
    string Op,
    IReadOnlyList<string> Columns,
    IReadOnlyDictionary<string, JsonElement> Params,
    double Confidence,
    string Rationale,
    bool Enabled = true);

/// <summary>Recommended trainers for a target, best first (contract "Suggestions"; the API adds "datasetId").</summary>
public sealed record ModelRecommendation(string? Target, string? Task, IReadOnlyList<ModelChoice> Models);

/// <summary>
/// An ML.NET trainer (<c>Algorithm</c> is one of <see cref="MlNetTrainers"/>); <c>ExpectedTrainSeconds</c> is one trial
/// of its first default with the search's validation, as the training plan counts it (<see cref="Training.TrainingPlanner.FirstTrialSeconds"/>).
/// </summary>
public sealed record ModelChoice(string Algorithm, double Confidence, string Rationale, double ExpectedTrainSeconds);
