using Microsoft.AspNetCore.Http.HttpResults;
using MlWorkflow.Api.Extensions;

namespace MlWorkflow.Api.Training;

public static class TrainingProblems
{
    public const string Example = "{\"datasetId\": \"…\", \"target\": \"…\"} (optional: task, metric, algorithms, timeBudgetSeconds, maxTrials, seed, ensemble, name, steps)";

    public const string InvalidCode = "invalid_training";

    public static ValidationProblem Invalid(IDictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, detail: "The training request has errors; 'errors' lists each by field.",
            extensions: new Dictionary<string, object?> { ["code"] = InvalidCode, ["fix"] = $"Correct the fields listed in 'errors'; send {Example}." });

    public static ProblemHttpResult NotATrainTask(Guid id, string kind) => Problems.Create(StatusCodes.Status409Conflict, "not_a_train_task",
        $"Task {id} is a {kind} task; only a train task can be stopped early and keep its best model.",
        $"To end it without a result, cancel it: POST /api/cancel/{id}.");

    public static ProblemHttpResult Finished(Guid id, string status) => Problems.Create(StatusCodes.Status409Conflict, "task_finished",
        $"Train task {id} has already finished ({status}); there is no search to stop.",
        "Nothing to do; a completed search registered its model (GET /api/models).");

    public static ProblemHttpResult LineageUnreadable(Guid datasetId, string reason) => Problems.Create(StatusCodes.Status409Conflict, "lineage_unreadable",
        $"Dataset {datasetId} was made by a pipeline whose fitted state cannot be read ({reason}), so it cannot be trained on.",
        "Run the pipeline again on the dataset it was made from (POST /api/run_pipeline) and train on the dataset that makes.");
}
