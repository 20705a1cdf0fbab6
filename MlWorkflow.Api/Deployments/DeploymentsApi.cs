using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using System.Text.Json;
using Hangfire;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using MlWorkflow.Api.Auth;
using MlWorkflow.Api.Deployments.Serving;
using MlWorkflow.Api.Pipelines;
using MlWorkflow.Core.Data;
using MlWorkflow.Core.Deployments;
using MlWorkflow.Engine;
using MlWorkflow.Engine.Drift;
using Npgsql;

namespace MlWorkflow.Api.Deployments;

/// <summary>Deployments: a model behind a stable name and predict URL; switch (and roll back) its model, change its settings, delete it.</summary>
public static class DeploymentsApi
{
    public static RouteGroupBuilder MapDeploymentsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/deployments").WithTags("Deployments").RequireAuthorization();
        api.MapPost("/", CreateAsync).WithName("Deployments_Create")
            .WithSummary("Deploy one of your models under a name; its predict URL answers at once, and drift checks are scheduled.")
            .Accepts<CreateDeploymentRequest>("application/json")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        api.MapGet("/", ListAsync).WithName("Deployments_List")
            .WithSummary("Your deployments, newest first, with the model each serves and its unacknowledged drift alerts.")
            .ProducesValidationProblem();
        api.MapGet("/{id:guid}", GetAsync).WithName("Deployments_Get")
            .WithSummary("One deployment with its model history and its traffic over the last hour (requests, errors, p50/p99 latency).")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPut("/{id:guid}", UpdateAsync).WithName("Deployments_Update")
            .WithSummary("Switch the model the deployment serves (roll back = switch to the previous one) and/or change its settings; no request fails during a switch.")
            .Accepts<UpdateDeploymentRequest>("application/json")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        api.MapDelete("/{id:guid}", DeleteAsync).WithName("Deployments_Delete")
            .WithSummary("Delete a deployment with its keys, prediction log, stats and alerts; its scheduled drift check goes too.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    public static async Task<Results<Created<DeploymentResponse>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        HttpRequest request, ClaimsPrincipal user, MlWorkflowDbContext db, IRecurringJobManager schedules, CancellationToken cancellationToken)
    {
        var (body, invalid, problem) = await PipelineBody.ReadAsync<CreateDeploymentRequest>(request, DeploymentProblems.Example, cancellationToken, DeploymentProblems.InvalidCode);
        if (body is null)
        {
            return invalid is not null ? invalid : problem!;
        }
        if (DeploymentProblems.CheckName(body.Name) is { } nameError)
        {
            return DeploymentProblems.Invalid("name", nameError);
        }
        if (body.ModelId is not { } modelId)
        {
            return DeploymentProblems.Invalid("modelId", "'modelId' is missing: send the id of the model to serve (GET /api/models lists them).");
        }
        if (CheckSettings(body.DriftIntervalMinutes, body.LogRetentionDays, body.WebhookUrl, body.DriftSettings) is { } settingsError)
        {
            return settingsError;
        }
        var ownerId = user.GetUserId();
        var model = await db.Models.AsNoTracking().Where(m => m.Id == modelId && m.OwnerId == ownerId)
            .Select(m => new { m.Name, m.Version }).SingleOrDefaultAsync(cancellationToken);
        if (model is null)
        {
            return DeploymentProblems.Invalid("modelId", $"You have no model with id {modelId}; GET /api/models lists yours.");
        }
        var now = DateTimeOffset.UtcNow;
        var deployment = new Deployment
        {
            OwnerId = ownerId,
            Name = body.Name!,
            ModelId = modelId,
            DriftIntervalMinutes = body.DriftIntervalMinutes ?? DeploymentDefaults.DriftIntervalMinutes,
            LogRetentionDays = body.LogRetentionDays ?? DeploymentDefaults.LogRetentionDays,
            WebhookUrl = string.IsNullOrEmpty(body.WebhookUrl) ? null : body.WebhookUrl,
            DriftSettings = body.DriftSettings is { } drift ? JsonSerializer.Serialize(drift, EngineJson.Options) : null,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Deployments.Add(deployment);
        db.DeploymentHistory.Add(new DeploymentHistoryEntry
        {
            DeploymentId = deployment.Id, ModelId = modelId, ModelName = model.Name, ModelVersion = model.Version, From = now,
        });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            return DeploymentProblems.NameTaken(deployment.Name);
        }
        DriftSchedule.Set(schedules, deployment.Id, deployment.DriftIntervalMinutes);
        var response = await DeploymentQueries.ReadAsync(db, request, ownerId, deployment.Id, withStats: false, cancellationToken);
        return TypedResults.Created($"/api/deployments/{deployment.Id}", response!);
    }

    public static async Task<Results<Ok<DeploymentListResponse>, ProblemHttpResult>> ListAsync(
        HttpRequest request, ClaimsPrincipal user, MlWorkflowDbContext db, CancellationToken cancellationToken,
        [Range(1, 1_000_000)] int page = 1, [Range(1, 100)] int pageSize = 20)
    {
        var ownerId = user.GetUserId();
        var total = await db.Deployments.CountAsync(d => d.OwnerId == ownerId, cancellationToken);
        var items = await DeploymentQueries.ListAsync(db, request, ownerId, (page - 1) * pageSize, pageSize, cancellationToken);
        return TypedResults.Ok(new DeploymentListResponse(items, total));
    }

    public static async Task<Results<Ok<DeploymentResponse>, ProblemHttpResult>> GetAsync(
        Guid id, HttpRequest request, ClaimsPrincipal user, MlWorkflowDbContext db, CancellationToken cancellationToken)
    {
        var response = await DeploymentQueries.ReadAsync(db, request, user.GetUserId(), id, withStats: true, cancellationToken);
        return response is null ? DeploymentProblems.NotFound(id) : TypedResults.Ok(response);
    }

    public static async Task<Results<Ok<DeploymentResponse>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        Guid id, HttpRequest request, ClaimsPrincipal user, MlWorkflowDbContext db, IRecurringJobManager schedules, DeploymentChanges changes,
        CancellationToken cancellationToken)
    {
        var (body, invalid, problem) = await PipelineBody.ReadAsync<UpdateDeploymentRequest>(request, "{\"modelId\": \"…\"}", cancellationToken, DeploymentProblems.InvalidCode);
        if (body is null)
        {
            return invalid is not null ? invalid : problem!;
        }
        if (CheckSettings(body.DriftIntervalMinutes, body.LogRetentionDays, body.WebhookUrl, body.DriftSettings) is { } settingsError)
        {
            return settingsError;
        }
        var ownerId = user.GetUserId();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // FOR UPDATE: two switches at once must not both close the same history entry.
        var deployment = await db.Deployments.FromSql($"SELECT * FROM deployments WHERE id = {id} AND owner_id = {ownerId} FOR UPDATE")
            .SingleOrDefaultAsync(cancellationToken);
        if (deployment is null)
        {
            return DeploymentProblems.NotFound(id);
        }
        var now = DateTimeOffset.UtcNow;
        var switched = false;
        if (body.ModelId is { } modelId && modelId != deployment.ModelId)
        {
            var models = await db.Models.AsNoTracking().Where(m => (m.Id == modelId || m.Id == deployment.ModelId) && m.OwnerId == ownerId)
                .Select(m => new { m.Id, m.Name, m.Version, m.Task }).ToListAsync(cancellationToken);
            var next = models.SingleOrDefault(m => m.Id == modelId);
            if (next is null)
            {
                return DeploymentProblems.Invalid("modelId", $"You have no model with id {modelId}; GET /api/models lists yours.");
            }
            var current = models.Single(m => m.Id == deployment.ModelId);
            // Callers parse the answer by its task: a classifier's labels and probabilities are not a regressor's value.
            if (next.Task != current.Task)
            {
                return DeploymentProblems.Invalid("modelId", $"Model {next.Name} v{next.Version} is a {next.Task} model; this deployment serves "
                    + $"{current.Task} predictions, and its callers expect them. Deploy it under a new name instead.");
            }
            await db.DeploymentHistory.Where(h => h.DeploymentId == id && h.To == null)
                .ExecuteUpdateAsync(set => set.SetProperty(h => h.To, now), cancellationToken);
            db.DeploymentHistory.Add(new DeploymentHistoryEntry
            {
                DeploymentId = id, ModelId = modelId, ModelName = next.Name, ModelVersion = next.Version, From = now,
            });
            deployment.ModelId = modelId;
            deployment.Generation++;
            switched = true;
        }
        var intervalChanged = body.DriftIntervalMinutes is { } interval && interval != deployment.DriftIntervalMinutes;
        deployment.DriftIntervalMinutes = body.DriftIntervalMinutes ?? deployment.DriftIntervalMinutes;
        deployment.LogRetentionDays = body.LogRetentionDays ?? deployment.LogRetentionDays;
        if (body.WebhookUrl is not null)
        {
            deployment.WebhookUrl = body.WebhookUrl.Length == 0 ? null : body.WebhookUrl;
        }
        if (body.DriftSettings is { } drift)
        {
            deployment.DriftSettings = drift == DriftSettings.Default ? null : JsonSerializer.Serialize(drift, EngineJson.Options);
        }
        deployment.UpdatedAt = now;
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        if (switched)
        {
            await changes.PublishAsync(id);
        }
        if (intervalChanged)
        {
            DriftSchedule.Set(schedules, id, deployment.DriftIntervalMinutes);
        }
        return TypedResults.Ok((await DeploymentQueries.ReadAsync(db, request, ownerId, id, withStats: false, cancellationToken))!);
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        Guid id, ClaimsPrincipal user, MlWorkflowDbContext db, IRecurringJobManager schedules, DeploymentChanges changes, CancellationToken cancellationToken)
    {
        var ownerId = user.GetUserId();
        // Keys, history, log, stats and alerts go with it (foreign keys cascade).
        var deleted = await db.Deployments.Where(d => d.Id == id && d.OwnerId == ownerId).ExecuteDeleteAsync(cancellationToken);
        if (deleted == 0)
        {
            return DeploymentProblems.NotFound(id);
        }
        DriftSchedule.Remove(schedules, id);
        await changes.PublishAsync(id);
        return TypedResults.NoContent();
    }

    private static ValidationProblem? CheckSettings(int? driftIntervalMinutes, int? logRetentionDays, string? webhookUrl, DriftSettings? drift)
    {
        if (drift is not null)
        {
            try
            {
                drift.Validate();
            }
            catch (ArgumentOutOfRangeException e)
            {
                return DeploymentProblems.Invalid($"driftSettings.{JsonNamingPolicy.CamelCase.ConvertName(e.ParamName ?? "")}",
                    $"{e.Message.Split(" (Parameter")[0]} The defaults: {JsonSerializer.Serialize(DriftSettings.Default, EngineJson.Options)}.");
            }
            if (drift.PsiModerate > drift.PsiHigh)
            {
                return DeploymentProblems.Invalid("driftSettings.psiModerate", $"psiModerate ({drift.PsiModerate}) is above psiHigh ({drift.PsiHigh}); the moderate band starts lower.");
            }
        }
        if (driftIntervalMinutes is { } minutes && DeploymentProblems.CheckDriftInterval(minutes) is { } intervalError)
        {
            return DeploymentProblems.Invalid("driftIntervalMinutes", intervalError);
        }
        if (logRetentionDays is { } days && DeploymentProblems.CheckRetention(days) is { } retentionError)
        {
            return DeploymentProblems.Invalid("logRetentionDays", retentionError);
        }
        if (!string.IsNullOrEmpty(webhookUrl) && DeploymentProblems.CheckWebhook(webhookUrl) is { } webhookError)
        {
            return DeploymentProblems.Invalid("webhookUrl", webhookError);
        }
        return null;
    }
}
