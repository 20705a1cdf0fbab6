using Microsoft.AspNetCore.Http.HttpResults;
using MlWorkflow.Api.Extensions;
using MlWorkflow.Core.Datasets;
using MlWorkflow.Engine.Preprocessing;

namespace MlWorkflow.Api.Suggestions;

public static class SuggestionProblems
{
    public static ProblemHttpResult DatasetIdRequired() => Problems.Create(StatusCodes.Status400BadRequest, "dataset_id_required",
        "The query parameter 'datasetId' is missing.", "Add ?datasetId=<id> with the id of one of your datasets (GET /api/datasets lists them).");

    public static ProblemHttpResult DatasetIdInvalid(string value) => Problems.Create(StatusCodes.Status400BadRequest, "dataset_id_invalid",
        $"'{Shorten(value)}' is not a dataset id (a GUID).", "Send the dataset's 'id' from GET /api/datasets, e.g. ?datasetId=0193…");

    /// <summary>409 when the dataset has no usable profile: still being profiled, or its profile task failed.</summary>
    public static ProblemHttpResult NotProfiled(DatasetProfileState state)
    {
        var task = state.ProfileTaskId;
        if (state.Status == DatasetStatus.Failed)
        {
            var problem = Problems.Create(StatusCodes.Status409Conflict, "profile_failed",
                $"Dataset {state.Id} has no profile: its profile task {task} failed{(state.ProfileTaskError is { } error ? $" ({error})" : "")}.",
                $"Retry the profile with POST /api/task/{task}/retry, or fix the file and upload it again.");
            problem.ProblemDetails.Extensions["taskId"] = task;
            return problem;
        }
        var waiting = Problems.Create(StatusCodes.Status409Conflict, "profile_not_ready",
            $"Dataset {state.Id} is {state.Status.ToName()}: its profile task {task} has not completed yet.",
            $"Wait until task {task} completes (GET /api/task/{task}/status, or follow it live on /ws/logs?taskId={task}), then ask again.");
        waiting.ProblemDetails.Extensions["taskId"] = task;
        return waiting;
    }

    public static ProblemHttpResult TargetNotAColumn(string target, IReadOnlyList<string> columns) =>
        Problems.Create(StatusCodes.Status400BadRequest, "target_not_a_column",
            $"The target '{Shorten(target)}' is not a column of this dataset.",
            $"Use one of its columns (names are case-sensitive): {ListColumns(columns)}; or leave 'target' out to use the best candidate.");

    public static ProblemHttpResult TargetUnusable(ArgumentException e) =>
        Problems.Create(StatusCodes.Status400BadRequest, "target_unusable", Message(e),
            "Choose another target: the profile's 'targetCandidates' (GET /api/datasets/{id}) lists the columns that can be one.");

    /// <summary>The Engine's message without the " (Parameter 'target')" that ArgumentException appends.</summary>
    public static string Message(ArgumentException e) =>
        e.ParamName is null ? e.Message : e.Message.Replace($" (Parameter '{e.ParamName}')", "", StringComparison.Ordinal);

    public static string ListColumns(IReadOnlyList<string> columns) => PipelineValidator.ListColumns(columns);

    private static string Shorten(string value) => value.Length <= 100 ? value : value[..100] + "…";
}
