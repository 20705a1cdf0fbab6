using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using MlWorkflow.Api.Auth;
using MlWorkflow.Api.Datasets;
using MlWorkflow.Api.Deployments;
using MlWorkflow.Api.Pipelines;
using MlWorkflow.Api.Suggestions;
using MlWorkflow.Core.Artifacts;
using MlWorkflow.Core.Data;
using MlWorkflow.Core.Models;
using MlWorkflow.Engine;
using MlWorkflow.Engine.Training;
using Npgsql;

namespace MlWorkflow.Api.Models;

/// <summary>The model registry: a user's trained models, their packages, and batch scoring of a dataset with one.</summary>
public static class ModelsApi
{
    public static RouteGroupBuilder MapModelsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/models").WithTags("Models").RequireAuthorization();
        api.MapGet("/", ListAsync).WithName("Models_List")
            .WithSummary("Your models, newest first (without leaderboard, charts and fitted steps); filter by the dataset they were trained on.")
            .ProducesValidationProblem();
        api.MapGet("/{id:guid}", GetAsync).WithName("Models_Get")
            .WithSummary("One model: members, metrics, validation, leaderboard, feature importance, charts, steps with their fitted values and input schema.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/{id:guid}/download", DownloadAsync).WithName("Models_Download")
            .WithSummary("The model package ({name}-v{version}.mlwmodel, a zip).")
            .Produces<Stream>(StatusCodes.Status200OK, "application/zip").ProducesProblem(StatusCodes.Status404NotFound);
        api.MapDelete("/{id:guid}", DeleteAsync).WithName("Models_Delete")
            .WithSummary("Delete a model; its package is removed with it. A model a deployment serves cannot be deleted (409).")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPost("/{id:guid}/predict_batch", PredictBatchAsync).WithName("Models_PredictBatch")
            .WithSummary("Score a dataset with the model as a batch_predict task; the output is a new dataset with the predictions.")
            .Accepts<PredictBatchRequest>("application/json")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        return api;
    }

    public static async Task<Results<Ok<ModelListResponse>, ProblemHttpResult>> ListAsync(
        ClaimsPrincipal user, MlWorkflowDbContext db, CancellationToken cancellationToken,
        [Description("Only the models trained on this dataset (its id).")] string? datasetId = null,
        [Range(1, 1_000_000)] int page = 1, [Range(1, 100)] int pageSize = 20)
    {
        var ownerId = user.GetUserId();
        var models = db.Models.AsNoTracking().Where(m => m.OwnerId == ownerId);
        if (!string.IsNullOrEmpty(datasetId))
        {
            if (!Guid.TryParse(datasetId, out var dataset))
            {
                return ModelProblems.InvalidDatasetFilter(datasetId);
            }
            models = models.Where(m => m.DatasetId == dataset);
        }
        var total = await models.CountAsync(cancellationToken);
        // The leaderboard, the charts and the fitted steps are the large columns: a list does not read them.
        var items = await models
            .OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.Id)
            .Skip((page - 1) * pageSize).Take(pageSize)
            .Select(m => new Model
            {
                Id = m.Id, OwnerId = m.OwnerId, Name = m.Name, Version = m.Version, DatasetId = m.DatasetId, DatasetName = m.DatasetName,
                DatasetSha256 = m.DatasetSha256, Target = m.Target, Task = m.Task, Metric = m.Metric, Algorithm = m.Algorithm,
                Members = m.Members, Metrics = m.Metrics, Validation = m.Validation, Leaderboard = "[]", FeatureImportance = m.FeatureImportance,
                Charts = "{}", Steps = m.Steps, FittedSteps = "[]", InputSchema = m.InputSchema, Labels = m.Labels, Seed = m.Seed, TrainTaskId = m.TrainTaskId,
                ArtifactId = m.ArtifactId, SizeBytes = m.SizeBytes, CreatedAt = m.CreatedAt,
            })
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(new ModelListResponse([.. items.Select(m => m.ToResponse())], total));
    }

    public static async Task<Results<Ok<ModelDetailsResponse>, ProblemHttpResult>> GetAsync(
        Guid id, ClaimsPrincipal user, MlWorkflowDbContext db, CancellationToken cancellationToken)
    {
        var model = await FindOwnedAsync(db, id, user, cancellationToken);
        return model is null ? ModelProblems.NotFound(id) : TypedResults.Ok(model.ToDetails());
    }

    public static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> DownloadAsync(
        Guid id, ClaimsPrincipal user, HttpContext http, MlWorkflowDbContext db, PostgresArtifactStore artifacts, CancellationToken cancellationToken)
    {
        var model = await FindOwnedAsync(db, id, user, cancellationToken);
        if (model is null)
        {
            return ModelProblems.NotFound(id);
        }
        var stream = await artifacts.OpenReadAsync(model.ArtifactId, cancellationToken)
            ?? throw new InvalidOperationException($"Artifact {model.ArtifactId} of model {id} is missing.");
        http.Response.ContentLength = stream.Length;
        return TypedResults.Stream(stream, "application/zip", FileName(model), lastModified: model.CreatedAt);
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        Guid id, ClaimsPrincipal user, MlWorkflowDbContext db, CancellationToken cancellationToken)
    {
        var ownerId = user.GetUserId();
        var servedBy = await db.Deployments.Where(d => d.ModelId == id && d.OwnerId == ownerId).OrderBy(d => d.Name).Select(d => d.Name).ToListAsync(cancellationToken);
        if (servedBy.Count > 0)
        {
            return DeploymentProblems.ModelDeployed(id, servedBy);
        }
        // The package artifact is left to the artifact sweep: nothing refers to it any more.
        int deleted;
        try
        {
            deleted = await db.Models.Where(m => m.Id == id && m.OwnerId == ownerId).ExecuteDeleteAsync(cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ForeignKeyViolation)
        {
            // Deployed between the check above and the delete.
            return DeploymentProblems.ModelDeployed(id, []);
        }
        return deleted == 0 ? ModelProblems.NotFound(id) : TypedResults.NoContent();
    }

    public static async Task<Results<Accepted<PredictBatchResponse>, ValidationProblem, ProblemHttpResult>> PredictBatchAsync(
        Guid id, HttpRequest request, ClaimsPrincipal user, MlWorkflowDbContext db, ProfiledDatasets datasets, BatchScoring scoring,
        CancellationToken cancellationToken)
    {
        const string example = "{\"datasetId\": \"…\"}";
        var (body, invalid, problem) = await PipelineBody.ReadAsync<PredictBatchRequest>(request, example, cancellationToken, ModelProblems.InvalidPredictBatchCode);
        if (body is null)
        {
            return invalid is not null ? invalid : problem!;
        }
        var ownerId = user.GetUserId();
        var model = await db.Models.AsNoTracking().Where(m => m.Id == id && m.OwnerId == ownerId)
            .Select(m => new { m.InputSchema }).SingleOrDefaultAsync(cancellationToken);
        if (model is null)
        {
            return ModelProblems.NotFound(id);
        }
        if (body.DatasetId is not { } datasetId)
        {
            return ModelProblems.Invalid("datasetId", "'datasetId' is missing: send the id of the dataset to score (GET /api/datasets lists them).");
        }
        var state = await datasets.FindAsync(datasetId, ownerId, cancellationToken);
        if (state is null)
        {
            return DatasetsApi.NotFound(datasetId);
        }
        if (!state.IsProfiled)
        {
            return SuggestionProblems.NotProfiled(state);
        }
        var inputs = JsonSerializer.Deserialize<List<InputColumn>>(model.InputSchema, EngineJson.Options) ?? [];
        var missing = inputs.Select(c => c.Name).Except(state.Columns, StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
        {
            return ModelProblems.Invalid("datasetId", $"The dataset lacks {missing.Count} of the model's input columns: "
                + $"{SuggestionProblems.ListColumns(missing)}; score a dataset with the columns the model was trained on.");
        }
        var (dataset, task) = await scoring.StartAsync(id, datasetId, ownerId, cancellationToken);
        return TypedResults.Accepted($"/api/datasets/{dataset.Id}", new PredictBatchResponse(dataset, task));
    }

    private static Task<Model?> FindOwnedAsync(MlWorkflowDbContext db, Guid id, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var ownerId = user.GetUserId();
        return db.Models.AsNoTracking().SingleOrDefaultAsync(m => m.Id == id && m.OwnerId == ownerId, cancellationToken);
    }

    // A name may hold characters that no file name may have on Windows, macOS or Linux.
    private static string FileName(Model model)
    {
        var name = new string([.. model.Name.Select(c => c is '/' or '\\' or ':' or '*' or '?' or '"' or '<' or '>' or '|' || char.IsControl(c) ? '_' : c)]);
        return $"{name}-v{model.Version}.mlwmodel";
    }
}
