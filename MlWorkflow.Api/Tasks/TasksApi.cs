using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using MlWorkflow.Api.Auth;
using MlWorkflow.Core.Data;
using MlWorkflow.Core.Tasks;

namespace MlWorkflow.Api.Tasks;

public static class TasksApi
{
    public static RouteGroupBuilder MapTasksApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Tasks").RequireAuthorization();
        api.MapGet("/tasks", ListAsync).WithName("Tasks_List")
            .WithSummary("Your tasks, newest first; filter by status, kind and datasetId.")
            .ProducesValidationProblem();
        api.MapGet("/task/{id:guid}/status", GetStatusAsync).WithName("Tasks_Get").WithSummary("One task: status, progress, result or error.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/cancel/{id:guid}", CancelAsync).WithName("Tasks_Cancel")
            .WithSummary("Cancel a task: a pending one at once, a running one within about a second (409 if finished).")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPost("/task/{id:guid}/retry", RetryAsync).WithName("Tasks_Retry")
            .WithSummary("Run a failed or cancelled task again as its next attempt.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return api;
    }

    public static async Task<Results<Ok<TaskListResponse>, ProblemHttpResult>> ListAsync(
        ClaimsPrincipal user, MlWorkflowDbContext db, CancellationToken cancellationToken,
        string? status = null, string? kind = null, string? datasetId = null,
        [Range(1, 1_000_000)] int page = 1, [Range(1, 100)] int pageSize = 20)
    {
        var ownerId = user.GetUserId();
        var tasks = db.Tasks.AsNoTracking().Where(t => t.OwnerId == ownerId);
        if (!string.IsNullOrEmpty(status))
        {
            if (!WorkflowTaskStatuses.TryParse(status, out var wanted))
            {
                return TaskProblems.InvalidFilter("status", status, WorkflowTaskStatuses.All.Select(s => s.ToName()));
            }
            tasks = tasks.Where(t => t.Status == wanted);
        }
        if (!string.IsNullOrEmpty(kind))
        {
            if (!WorkflowTaskKinds.TryParse(kind, out var wanted))
            {
                return TaskProblems.InvalidFilter("kind", kind, WorkflowTaskKinds.All.Select(k => k.ToName()));
            }
            tasks = tasks.Where(t => t.Kind == wanted);
        }
        if (!string.IsNullOrEmpty(datasetId))
        {
            if (!Guid.TryParse(datasetId, out var dataset))
            {
                return TaskProblems.InvalidFilter("datasetId", datasetId, ["a dataset id (a GUID) from GET /api/datasets"]);
            }
            tasks = tasks.Where(t => t.DatasetId == dataset || t.OutputDatasetId == dataset);
        }
        var total = await tasks.CountAsync(cancellationToken);
        var pageOfTasks = tasks.OrderByDescending(t => t.CreatedAt).ThenByDescending(t => t.Id).Skip((page - 1) * pageSize).Take(pageSize);
        var items = await TaskQueries.WithDatasetNames(db, pageOfTasks).ToListAsync(cancellationToken);
        return TypedResults.Ok(new TaskListResponse([.. items.Select(t => t.ToResponse())], total));
    }

    public static async Task<Results<Ok<TaskResponse>, ProblemHttpResult>> GetStatusAsync(
        Guid id, ClaimsPrincipal user, MlWorkflowDbContext db, CancellationToken cancellationToken)
    {
        var ownerId = user.GetUserId();
        var task = await TaskQueries.WithDatasetNames(db, db.Tasks.AsNoTracking().Where(t => t.Id == id && t.OwnerId == ownerId))
            .SingleOrDefaultAsync(cancellationToken);
        return task is null ? TaskProblems.NotFound(id) : TypedResults.Ok(task.ToResponse());
    }

    public static async Task<Results<Accepted<TaskResponse>, ProblemHttpResult>> CancelAsync(
        Guid id, ClaimsPrincipal user, TaskCommands commands, MlWorkflowDbContext db, CancellationToken cancellationToken)
    {
        var requestedBy = user.Identity?.Name ?? user.GetUserId().ToString();
        var (outcome, task) = await commands.CancelAsync(id, user.GetUserId(), requestedBy, cancellationToken);
        return outcome switch
        {
            TaskCommandOutcome.Done => TypedResults.Accepted(StatusPath(id), await task!.ToResponseAsync(db, cancellationToken)),
            TaskCommandOutcome.Conflict => TaskProblems.AlreadyFinished(id, task!.Status.ToName()),
            _ => TaskProblems.NotFound(id),
        };
    }

    public static async Task<Results<Accepted<TaskResponse>, ProblemHttpResult>> RetryAsync(
        Guid id, ClaimsPrincipal user, TaskCommands commands, MlWorkflowDbContext db, CancellationToken cancellationToken)
    {
        var (outcome, task) = await commands.RetryAsync(id, user.GetUserId(), cancellationToken);
        return outcome switch
        {
            TaskCommandOutcome.Done => TypedResults.Accepted(StatusPath(id), await task!.ToResponseAsync(db, cancellationToken)),
            TaskCommandOutcome.Conflict => TaskProblems.NotRetryable(id, task!.Status.ToName()),
            _ => TaskProblems.NotFound(id),
        };
    }

    private static string StatusPath(Guid id) => $"/api/task/{id}/status";
}
