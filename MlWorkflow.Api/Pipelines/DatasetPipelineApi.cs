using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using MlWorkflow.Api.Auth;
using MlWorkflow.Api.Datasets;
using MlWorkflow.Api.Suggestions;
using MlWorkflow.Core.Data;

namespace MlWorkflow.Api.Pipelines;

/// <summary>The user's edited pipeline, kept with the dataset (one per dataset; DELETE goes back to the suggestion).</summary>
public static class DatasetPipelineApi
{
    // Postgres' jsonb keeps only the last of duplicate keys: refuse them rather than store something else than was sent.
    private static readonly JsonSerializerOptions s_requestJson = new(JsonSerializerDefaults.Web) { AllowDuplicateProperties = false };

    public static RouteGroupBuilder MapDatasetPipelineApi(this IEndpointRouteBuilder app)
    {
        var pipeline = app.MapGroup("/api/datasets/{id:guid}/pipeline").WithTags("Pipelines").RequireAuthorization();
        pipeline.MapGet("/", GetAsync).WithName("Pipelines_Get").WithSummary("The saved (edited) pipeline; 404 while the dataset uses the suggestion.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        pipeline.MapPut("/", PutAsync).WithName("Pipelines_Save")
            .WithSummary("Save the edited pipeline (target and steps); replaces any saved one.")
            .Accepts<SavePipelineRequest>("application/json")
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
        var pipeline = JsonSerializer.Deserialize<StoredPipeline>(json, ProfileJson.Options)!;
        return TypedResults.Ok(new SavedPipelineResponse(id, pipeline.Target, pipeline.Task, pipeline.Steps, updatedAt));
    }

    public static async Task<Results<Ok<SavedPipelineResponse>, ValidationProblem, ProblemHttpResult>> PutAsync(
        Guid id, HttpRequest request, ClaimsPrincipal user, MlWorkflowDbContext db, ProfiledDatasets datasets, CancellationToken cancellationToken)
    {
        if (!request.HasJsonContentType())
        {
            return PipelineProblems.NotJson();
        }
        if (request.ContentLength > PipelineRules.MaxBodyBytes)
        {
            return PipelineProblems.TooLarge();
        }
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodyLimit)
        {
            bodyLimit.MaxRequestBodySize = PipelineRules.MaxBodyBytes;
        }
        SavePipelineRequest? body;
        try
        {
            body = await request.ReadFromJsonAsync<SavePipelineRequest>(s_requestJson, cancellationToken);
        }
        catch (JsonException e)
        {
            var at = e.Path is null or "$" ? "body" : e.Path.TrimStart('$', '.');
            return PipelineProblems.Invalid(new Dictionary<string, string[]> { [at] = [$"Not valid here: {e.Message}"] },
                "The body is not a pipeline in JSON; 'errors' says where.",
                "Send {\"target\": \"…\", \"steps\": [{\"id\", \"op\", \"columns\": [], \"params\": {}, \"enabled\"}]} as in GET /api/suggest/pipeline.");
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return PipelineProblems.TooLarge();
        }
        if (body is null)
        {
            return PipelineProblems.Empty();
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
        var validator = new PipelineValidator(state.Columns, ProfileJson.Read(stored.Json));
        if (validator.Validate(body) is not { } pipeline)
        {
            return PipelineProblems.Invalid(validator.Errors, "The pipeline has errors; 'errors' lists each, keyed like steps[3].columns.",
                "Correct the fields listed in 'errors' and PUT the whole pipeline again.");
        }

        // Postgres keeps microseconds: round now so the answer equals what a later GET reads.
        var now = DateTimeOffset.UtcNow;
        var updatedAt = now.AddTicks(-(now.Ticks % 10));
        var json = JsonSerializer.Serialize(pipeline, ProfileJson.Options);
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
