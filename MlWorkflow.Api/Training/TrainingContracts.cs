using System.Text.Json.Serialization;
using MlWorkflow.Api.Tasks;
using MlWorkflow.Engine.Preprocessing;

namespace MlWorkflow.Api.Training;

/// <summary>
/// Body of <c>POST /api/train</c>. Only <c>datasetId</c> and <c>target</c> are required: <c>task</c> defaults to the
/// target's inferred task, <c>metric</c> to the task's first (auc, macroF1, rmse), <c>algorithms</c> to the recommended
/// trainers, <c>timeBudgetSeconds</c> to 60 (5 to 86,400), <c>seed</c> to 0, <c>ensemble</c> to true, <c>name</c> to
/// "{dataset}-{target}"; <c>maxTrials</c> (1 to 10,000) is unlimited when left out; <c>steps</c> are preprocessing
/// steps fitted with the model (none when left out). Unknown fields are refused.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record StartTrainingRequest(
    Guid? DatasetId,
    string? Target = null,
    string? Task = null,
    string? Metric = null,
    IReadOnlyList<PipelineDraftStep?>? Steps = null,
    IReadOnlyList<string?>? Algorithms = null,
    double? TimeBudgetSeconds = null,
    int? MaxTrials = null,
    int? Seed = null,
    bool? Ensemble = null,
    string? Name = null);

/// <summary>The train task (pending); its <c>result.leaderboard</c> grows trial by trial while it runs.</summary>
public sealed record StartTrainingResponse(TaskResponse Task);
