using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using MlWorkflow.Api.Auth;
using MlWorkflow.Api.Datasets;
using MlWorkflow.Api.Suggestions;
using MlWorkflow.Core.Data;
using MlWorkflow.Engine;
using MlWorkflow.Engine.Preprocessing;

namespace MlWorkflow.Api.Pipelines;

/// <summary>The user's edited pipeline, kept with the dataset (one per dataset; DELETE goes back to the suggestion).</summary>
public static class DatasetPipelineApi
{
    public static RouteGroupBuilder MapDatasetPipelineApi(this IEndpointRouteBuilder app)
    {
        var pipeline = app.MapGroup("/api/datasets/{id:guid}/pipeline").WithTags("Pipelines").RequireAuthorization();
        pipeline.MapGet("/", GetAsync).WithName("Pipelines_Get").WithSummary("The saved (edited) pipeline; 404 while the dataset uses the suggestion.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        pipeline.MapPut("/", PutAsync).WithName("Pipelines_Save")
            .WithSummary("Save the edited pipeline (target and steps); replaces any saved one.")
            .Accepts<PipelineDraft>("application/json")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        pipeline.MapDelete("/", DeleteAsync).WithName("Pipelines_Delete").WithSummary("Forget the saved pipeline: the dataset uses the suggestion again.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return pipeline;
    }

    public static async Task<Results<Ok<SavedPipelineResponse>, ProblemHttpResult>> GetAsync(
        Guid id, ClaimsPrincipal user, MlWorkflowDbContext db, CancellationToken cancellationToken)
    {
        var ownerId = user.GetUserId();
        var saved = await db.Datasets.AsNoTracking().Where(d => d.Id == id && d.OwnerId == ownerId)
            .Select(d => new { d.Pipeline, d.PipelineUpdatedAt }).SingleOrDefaultAsync(cancellationToken);
        if (saved is null)
        {
            return DatasetsApi.NotFound(id);
        }
        if (saved is not { Pipeline: { } json, PipelineUpdatedAt: { } updatedAt })
        {
            return PipelineProblems.NotSaved(id);
        }
        var pipeline = SavedPipelines.Parse(json);
        return TypedResults.Ok(new SavedPipelineResponse(id, pipeline.Target, pipeline.Task, pipeline.Steps, updatedAt));
    }

    public static async Task<Results<Ok<SavedPipelineResponse>, ValidationProblem, ProblemHttpResult>> PutAsync(
        Guid id, HttpRequest request, ClaimsPrincipal user, MlWorkflowDbContext db, ProfiledDatasets datasets, CancellationToken cancellationToken)
    {
        var (body, invalid, problem) = await PipelineBody.ReadAsync<PipelineDraft>(request,
            "{\"target\": \"…\", \"steps\": [{\"id\", \"op\", \"columns\": [], \"params\": {}, \"enabled\"}]} as in GET /api/suggest/pipeline",
            cancellationToken);
        if (body is null)
        {
            return invalid is not null ? invalid : problem!;
        }

        var ownerId = user.GetUserId();
        var state = await datasets.FindAsync(id, ownerId, cancellationToken);
        if (state is null)
        {
            return DatasetsApi.NotFound(id);
        }
        if (!state.IsProfiled || await datasets.ReadProfileAsync(id, cancellationToken) is not { } stored)
        {
            return SuggestionProblems.NotProfiled(state);
        }
        var validator = new PipelineValidator(state.Columns, EngineJson.ReadProfile(stored.Json));
        if (validator.Validate(body) is not { } pipeline)
        {
            return PipelineProblems.Invalid(validator.Errors, "The pipeline has errors; 'errors' lists each, keyed like steps[3].columns.",
                "Correct the fields listed in 'errors' and PUT the whole pipeline again.");
        }

        // Postgres keeps microseconds: round now so the answer equals what a later GET reads.
        var now = DateTimeOffset.UtcNow;
        var updatedAt = now.AddTicks(-(now.Ticks % 10));
        var json = JsonSerializer.Serialize(pipeline, EngineJson.Options);
        var updated = await db.Datasets.Where(d => d.Id == id && d.OwnerId == ownerId)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.Pipeline, json).SetProperty(d => d.PipelineUpdatedAt, updatedAt), cancellationToken);
        return updated == 0
            ? DatasetsApi.NotFound(id)
            : TypedResults.Ok(new SavedPipelineResponse(id, pipeline.Target, pipeline.Task, pipeline.Steps, updatedAt));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        Guid id, ClaimsPrincipal user, MlWorkflowDbContext db, CancellationToken cancellationToken)
    {
        var ownerId = user.GetUserId();
        var updated = await db.Datasets.Where(d => d.Id == id && d.OwnerId == ownerId)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.Pipeline, (string?)null).SetProperty(d => d.PipelineUpdatedAt, (DateTimeOffset?)null), cancellationToken);
        return updated == 0 ? DatasetsApi.NotFound(id) : TypedResults.NoContent();
    }
}
