using System.ComponentModel;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.EntityFrameworkCore;
using Microsoft.OpenApi;
using MlWorkflow.Api.Auth;
using MlWorkflow.Api.Pipelines;
using MlWorkflow.Api.Suggestions;
using MlWorkflow.Api.Tasks;
using MlWorkflow.Core.Data;
using MlWorkflow.Core.Tasks;
using MlWorkflow.Engine;
using MlWorkflow.Engine.Preprocessing;
using MlWorkflow.Engine.Training;

namespace MlWorkflow.Api.Training;

/// <summary>Model search on a dataset and target as a <c>train</c> task whose output is a model in the registry.</summary>
public static class TrainingApi
{
    public static RouteGroupBuilder MapTrainingApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/train").WithTags("Training").RequireAuthorization();
        api.MapPost("/", StartAsync).WithName("Training_Start")
            .WithSummary("Start a model search on a profiled dataset and target; the task registers the best model when it completes.")
            .Accepts<StartTrainingRequest>("application/json")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        api.MapGet("/plan", PlanAsync).WithName("Training_Plan")
            .WithSummary("The plan shown before training: rows, features (after the saved pipeline with useSavedPipeline=true), validation, and per trainer the seconds per trial and peak memory.")
            .AddOpenApiOperationTransformer(SuggestionsApi.DescribeDatasetIdAsync)
            .AddOpenApiOperationTransformer(DescribeUseSavedPipelineAsync)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPost("/{taskId:guid}/stop", StopAsync).WithName("Training_Stop")
            .WithSummary("End a model search early and keep the best model so far (the task completes); cancel discards it instead.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return api;
    }

    public static async Task<Results<Accepted<StartTrainingResponse>, ValidationProblem, ProblemHttpResult>> StartAsync(
        HttpRequest request, ClaimsPrincipal user, TrainingRequests requests, TaskEnqueuer enqueuer, CancellationToken cancellationToken)
    {
        var (body, invalid, problem) = await PipelineBody.ReadAsync<StartTrainingRequest>(request, TrainingProblems.Example, cancellationToken, TrainingProblems.InvalidCode);
        if (body is null)
        {
            return invalid is not null ? invalid : problem!;
        }
        var checks = new TrainingChecks();
        checks.Limits(body.TimeBudgetSeconds, body.MaxTrials, body.Name);
        if (body.DatasetId is not { } datasetId)
        {
            return TrainingProblems.Invalid(new Dictionary<string, string[]>(checks.Errors)
            {
                ["datasetId"] = ["'datasetId' is missing: send the id of the dataset to train on (GET /api/datasets lists them)."],
            });
        }
        var ownerId = user.GetUserId();
        var (dataset, notReady) = await requests.LoadAsync(datasetId, ownerId, cancellationToken);
        if (dataset is null)
        {
            return notReady!;
        }
        var choice = TrainingRequests.Choose(checks, dataset, body.Target, body.Task, body.Metric, body.Algorithms);
        IReadOnlyList<PipelineStepSpec> steps = choice is null ? [] : checks.Steps(dataset.Profile, dataset.Columns, choice.Target, body.Steps);
        if (choice is null || checks.HasErrors)
        {
            return TrainingProblems.Invalid(checks.Errors);
        }
        if ((await requests.AncestorTextColumnsAsync(dataset, cancellationToken)).Problem is { } unreadable)
        {
            return unreadable;
        }
        var parameters = new TrainTaskParameters(datasetId, body.Name ?? DefaultName(dataset.Name, choice.Target), choice.Target, choice.Task,
            choice.Metric, choice.Algorithms, body.TimeBudgetSeconds ?? TrainingChecks.DefaultBudgetSeconds, body.MaxTrials, body.Seed ?? 0,
            body.Ensemble ?? true, JsonSerializer.SerializeToElement(steps, EngineJson.Options));
        var task = await enqueuer.CreateAsync(ownerId, WorkflowTaskKind.Train, datasetId, parameters.ToJson(), cancellationToken);
        return TypedResults.Accepted($"/api/task/{task.Id}/status", new StartTrainingResponse(task.ToResponse(dataset.Name, null)));
    }

    public static async Task<Results<Ok<TrainingPlan>, ValidationProblem, ProblemHttpResult>> PlanAsync(
        ClaimsPrincipal user, TrainingRequests requests, CancellationToken cancellationToken,
        [Description("Id of one of your datasets (required).")] string? datasetId = null,
        [Description("The column to predict (required).")] string? target = null,
        [Description("binary, multiclass or regression; leave out for the target's inferred task.")] string? task = null,
        [Description("The search's budget, 5 to 86,400 s; 60 when left out.")] double? timeBudgetSeconds = null,
        [Description("Trainers to plan (repeat the parameter, or separate by commas); the recommended ones when left out.")] string[]? algorithms = null,
        [Description("true: count rows and features after the dataset's saved pipeline for this target (the steps the Train panel sends to POST /api/train "
            + "when its switch is on); false or left out: the columns as they are.")] string? useSavedPipeline = null)
    {
        if (!SuggestionsApi.TryParseDatasetId(datasetId, out var id, out var badId))
        {
            return badId;
        }
        var checks = new TrainingChecks();
        checks.Limits(timeBudgetSeconds, null, null);
        var useSaved = checks.UseSavedPipeline(useSavedPipeline);
        var (dataset, notReady) = await requests.LoadAsync(id, user.GetUserId(), cancellationToken);
        if (dataset is null)
        {
            return notReady!;
        }
        IReadOnlyList<string?>? trainers = algorithms is { Length: > 0 }
            ? [.. algorithms.SelectMany(a => (a ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))]
            : null;
        var choice = TrainingRequests.Choose(checks, dataset, target, task, null, trainers);
        IReadOnlyList<PipelineStepSpec> steps = choice is not null && useSaved ? await requests.SavedStepsAsync(checks, dataset, choice.Target, cancellationToken) : [];
        if (choice is null || checks.HasErrors)
        {
            return TrainingProblems.Invalid(checks.Errors);
        }
        var (text, unreadable) = await requests.AncestorTextColumnsAsync(dataset, cancellationToken);
        if (unreadable is not null)
        {
            return unreadable;
        }
        return TypedResults.Ok(TrainingPlanner.Plan(dataset.Profile, choice.Target, choice.Task, choice.Algorithms,
            timeBudgetSeconds ?? TrainingChecks.DefaultBudgetSeconds, steps, text));
    }

    // useSavedPipeline is bound as text (so a wrong value gets an error that names it) but documented as the boolean it is.
    private static Task DescribeUseSavedPipelineAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>().Where(p => p.Name == "useSavedPipeline") ?? [])
        {
            if (parameter.Schema is OpenApiSchema schema)
            {
                (schema.Type, schema.Default) = (JsonSchemaType.Boolean, System.Text.Json.Nodes.JsonValue.Create(false));
            }
        }
        return Task.CompletedTask;
    }

    public static async Task<Results<Accepted<TaskResponse>, ProblemHttpResult>> StopAsync(
        Guid taskId, ClaimsPrincipal user, MlWorkflowDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var ownerId = user.GetUserId();
        var now = time.GetUtcNow();
        // Conditional, so a stop never lands on a task that finished in the meantime; a second stop keeps the first time.
        var updated = await db.Tasks.Where(t => t.Id == taskId && t.OwnerId == ownerId && t.Kind == WorkflowTaskKind.Train
                && (t.Status == WorkflowTaskStatus.Pending || t.Status == WorkflowTaskStatus.Running))
            .ExecuteUpdateAsync(set => set.SetProperty(t => t.StopRequestedAt, t => t.StopRequestedAt ?? now), cancellationToken);
        var task = await db.Tasks.AsNoTracking().SingleOrDefaultAsync(t => t.Id == taskId && t.OwnerId == ownerId, cancellationToken);
        return task switch
        {
            null => TaskProblems.NotFound(taskId),
            _ when updated > 0 => TypedResults.Accepted($"/api/task/{taskId}/status", await task.ToResponseAsync(db, cancellationToken)),
            { Kind: not WorkflowTaskKind.Train } => TrainingProblems.NotATrainTask(taskId, task.Kind.ToName()),
            _ => TrainingProblems.Finished(taskId, task.Status.ToName()),
        };
    }

    private static string DefaultName(string datasetName, string target)
    {
        var name = $"{datasetName}-{target}";
        return name.Length <= TrainingChecks.MaxNameLength ? name : name[..TrainingChecks.MaxNameLength];
    }
}
