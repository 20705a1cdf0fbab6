using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using MlWorkflow.Api.Auth;
using MlWorkflow.Api.Deployments.Serving;
using MlWorkflow.Api.Pipelines;
using MlWorkflow.Core.Data;
using MlWorkflow.Core.Deployments;

namespace MlWorkflow.Api.Deployments;

/// <summary>A deployment's keys: what applications send as <c>X-Api-Key</c> to predict without a user's token. Owner only.</summary>
public static class DeploymentKeysApi
{
    public const int NameMaxLength = 100;

    public static RouteGroupBuilder MapDeploymentKeysApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/deployments/{id:guid}/keys").WithTags("Deployments").RequireAuthorization();
        api.MapPost("/", CreateAsync).WithName("Deployments_CreateKey")
            .WithSummary("Create a key for the deployment's predict endpoint; the key is in this answer only (only its hash is kept).")
            .Accepts<CreateKeyRequest>("application/json")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        api.MapGet("/", ListAsync).WithName("Deployments_ListKeys")
            .WithSummary("The deployment's keys, newest first, revoked ones included; names and prefixes only, never the keys.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapDelete("/{keyId:guid}", RevokeAsync).WithName("Deployments_RevokeKey")
            .WithSummary("Revoke a key: requests with it are refused at once on this server, and within 5 s on every other.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    public static async Task<Results<Created<CreatedKeyResponse>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        Guid id, HttpRequest request, ClaimsPrincipal user, MlWorkflowDbContext db, CancellationToken cancellationToken)
    {
        var (body, invalid, problem) = await PipelineBody.ReadAsync<CreateKeyRequest>(request, "{\"name\": \"my-app\"}", cancellationToken, ServingProblems.InvalidKeyCode);
        if (body is null)
        {
            return invalid is not null ? invalid : problem!;
        }
        if (!await OwnsAsync(db, user, id, cancellationToken))
        {
            return DeploymentProblems.NotFound(id);
        }
        var name = body.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > NameMaxLength)
        {
            return ServingProblems.InvalidKey(string.IsNullOrEmpty(name)
                ? "'name' is missing: say who uses the key, e.g. \"billing-service\"."
                : $"'name' has {name.Length} characters; at most {NameMaxLength} are allowed.");
        }
        var (key, prefix, hash) = DeploymentKeyFormat.Create();
        var entity = new DeploymentKey { DeploymentId = id, Name = name, Prefix = prefix, Hash = hash };
        db.DeploymentKeys.Add(entity);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/deployments/{id}/keys", new CreatedKeyResponse(entity.Id, name, prefix, key, entity.CreatedAt));
    }

    public static async Task<Results<Ok<DeploymentKeyListResponse>, ProblemHttpResult>> ListAsync(
        Guid id, ClaimsPrincipal user, MlWorkflowDbContext db, CancellationToken cancellationToken)
    {
        if (!await OwnsAsync(db, user, id, cancellationToken))
        {
            return DeploymentProblems.NotFound(id);
        }
        var keys = await db.DeploymentKeys.AsNoTracking().Where(k => k.DeploymentId == id)
            .OrderByDescending(k => k.CreatedAt).ThenByDescending(k => k.Id)
            .Select(k => new DeploymentKeyResponse(k.Id, k.Name, k.Prefix, k.CreatedAt, k.RevokedAt))
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(new DeploymentKeyListResponse(keys));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> RevokeAsync(
        Guid id, Guid keyId, ClaimsPrincipal user, MlWorkflowDbContext db, DeploymentChanges changes, CancellationToken cancellationToken)
    {
        if (!await OwnsAsync(db, user, id, cancellationToken))
        {
            return DeploymentProblems.NotFound(id);
        }
        var now = DateTimeOffset.UtcNow;
        // Revoking twice is not an error; the first revocation time stays.
        var found = await db.DeploymentKeys.Where(k => k.Id == keyId && k.DeploymentId == id)
            .ExecuteUpdateAsync(set => set.SetProperty(k => k.RevokedAt, k => k.RevokedAt ?? now), cancellationToken);
        if (found == 0)
        {
            return ServingProblems.KeyNotFound(id, keyId);
        }
        await changes.PublishAsync(id);
        return TypedResults.NoContent();
    }

    private static Task<bool> OwnsAsync(MlWorkflowDbContext db, ClaimsPrincipal user, Guid id, CancellationToken cancellationToken)
    {
        var ownerId = user.GetUserId();
        return db.Deployments.AnyAsync(d => d.Id == id && d.OwnerId == ownerId, cancellationToken);
    }
}

public sealed record DeploymentKeyListResponse(IReadOnlyList<DeploymentKeyResponse> Items);
