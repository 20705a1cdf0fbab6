using Microsoft.AspNetCore.Http.HttpResults;
using MlWorkflow.Api.Extensions;

namespace MlWorkflow.Api.Tasks;

public static class TaskProblems
{
    // Someone else's task gets the same answer as a missing one.
    public static ProblemHttpResult NotFound(Guid id) => Problems.Create(StatusCodes.Status404NotFound, "task_not_found",
        $"You have no task with id {id}.", "Check the id; GET /api/tasks lists your tasks.");

    public static ProblemHttpResult InvalidFilter(string name, string? value, IEnumerable<string> allowed) =>
        Problems.Create(StatusCodes.Status400BadRequest, $"invalid_{name}",
            $"'{value}' is not a valid {name}.",
            $"Use one of {string.Join(", ", allowed)}, or leave '{name}' out to list all.");

    public static ProblemHttpResult AlreadyFinished(Guid id, string status) => Problems.Create(StatusCodes.Status409Conflict,
        "task_finished", $"Task {id} has already finished ({status}); there is nothing to cancel.",
        $"Nothing to do; to run it again use POST /api/task/{id}/retry (for failed or cancelled tasks).");

    public static ProblemHttpResult NotRetryable(Guid id, string status) => Problems.Create(StatusCodes.Status409Conflict,
        "task_not_retryable", $"Task {id} is {status}; only failed or cancelled tasks can be retried.",
        $"Wait until it has failed or been cancelled (POST /api/cancel/{id} cancels it), then retry.");
}
