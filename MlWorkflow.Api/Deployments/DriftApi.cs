using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using MlWorkflow.Api.Auth;
using MlWorkflow.Api.Extensions;
using MlWorkflow.Api.Tasks;
using MlWorkflow.Core.Data;
using MlWorkflow.Core.Tasks;

namespace MlWorkflow.Api.Deployments;

/// <summary>Drift of a deployment's live inputs: check now, read the latest report, list and acknowledge alerts.</summary>
public static class DriftApi
{
    public static IEndpointRouteBuilder MapDriftApi(this IEndpointRouteBuilder app)
    {
        var deployments = app.MapGroup("/api/deployments").WithTags("Drift").RequireAuthorization();
        deployments.MapPost("/{id:guid}/drift_check", CheckAsync).WithName("Drift_Check")
            .WithSummary("Check the deployment's logged inputs for drift now, as a drift_check task (scheduled checks run on their own).")
            .ProducesProblem(StatusCodes.Status404NotFound);
        deployments.MapGet("/{id:guid}/drift", ReportAsync).WithName("Drift_Report")
            .WithSummary("The latest drift report: per feature reference vs current histograms, PSI and distance, prediction drift.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        var alerts = app.MapGroup("/api/drift_alerts").WithTags("Drift").RequireAuthorization();
        alerts.MapGet("/", ListAlertsAsync).WithName("Drift_ListAlerts")
            .WithSummary("Drift alerts of your deployments, newest first; filter by deployment and by acknowledged.")
            .ProducesValidationProblem();
        alerts.MapPost("/{id:guid}/ack", AcknowledgeAsync).WithName("Drift_AcknowledgeAlert")
            .WithSummary("Acknowledge an alert (it leaves the navigation badge); acknowledging twice keeps the first time.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    public static async Task<Results<Accepted<DriftCheckResponse>, ProblemHttpResult>> CheckAsync(
        Guid id, ClaimsPrincipal user, MlWorkflowDbContext db, TaskEnqueuer tasks, CancellationToken cancellationToken)
    {
        var ownerId = user.GetUserId();
        if (!await db.Deployments.AnyAsync(d => d.Id == id && d.OwnerId == ownerId, cancellationToken))
        {
            return DeploymentProblems.NotFound(id);
        }
        var task = await tasks.CreateAsync(ownerId, WorkflowTaskKind.DriftCheck, null, new DriftCheckTaskParameters(id).ToJson(), cancellationToken);
        return TypedResults.Accepted($"/api/tasks/{task.Id}", new DriftCheckResponse(task.ToResponse(null, null)));
    }

    public static async Task<Results<Ok<DriftReportResponse>, ProblemHttpResult>> ReportAsync(
        Guid id, ClaimsPrincipal user, MlWorkflowDbContext db, CancellationToken cancellationToken)
    {
        var ownerId = user.GetUserId();
        var row = await db.Deployments.AsNoTracking().Where(d => d.Id == id && d.OwnerId == ownerId)
            .Select(d => new { d.DriftCheckedAt, d.DriftReport }).SingleOrDefaultAsync(cancellationToken);
        return row is null ? DeploymentProblems.NotFound(id) : TypedResults.Ok(new DriftReportResponse(id, row.DriftCheckedAt, TaskMappings.ParseJson(row.DriftReport)));
    }

    public static async Task<Results<Ok<DriftAlertListResponse>, ProblemHttpResult>> ListAlertsAsync(
        ClaimsPrincipal user, MlWorkflowDbContext db, CancellationToken cancellationToken,
        [Description("Only this deployment's alerts (its id).")] string? deploymentId = null,
        [Description("true: only acknowledged; false: only those waiting for you.")] bool? acknowledged = null,
        [Range(1, 1_000_000)] int page = 1, [Range(1, 100)] int pageSize = 20)
    {
        var ownerId = user.GetUserId();
        var alerts = from a in db.DriftAlerts.AsNoTracking()
                     join d in db.Deployments on a.DeploymentId equals d.Id
                     where d.OwnerId == ownerId
                     select new { Alert = a, DeploymentName = d.Name };
        if (!string.IsNullOrEmpty(deploymentId))
        {
            if (!Guid.TryParse(deploymentId, out var deployment))
            {
                return Problems.Create(StatusCodes.Status400BadRequest, "invalid_deploymentId",
                    $"'{(deploymentId.Length <= 100 ? deploymentId : deploymentId[..100] + "…")}' is not a deployment id (a GUID).",
                    "Send the id of one of your deployments (GET /api/deployments), or leave 'deploymentId' out for all of them.");
            }
            alerts = alerts.Where(x => x.Alert.DeploymentId == deployment);
        }
        var unacknowledged = await alerts.CountAsync(x => x.Alert.AcknowledgedAt == null, cancellationToken);
        if (acknowledged is { } ack)
        {
            alerts = ack ? alerts.Where(x => x.Alert.AcknowledgedAt != null) : alerts.Where(x => x.Alert.AcknowledgedAt == null);
        }
        var total = await alerts.CountAsync(cancellationToken);
        var items = await alerts.OrderByDescending(x => x.Alert.CreatedAt).ThenBy(x => x.Alert.Feature)
            .Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(cancellationToken);
        return TypedResults.Ok(new DriftAlertListResponse([.. items.Select(x => ToResponse(x.Alert, x.DeploymentName))], total, unacknowledged));
    }

    public static async Task<Results<Ok<DriftAlertResponse>, ProblemHttpResult>> AcknowledgeAsync(
        Guid id, ClaimsPrincipal user, MlWorkflowDbContext db, CancellationToken cancellationToken)
    {
        var ownerId = user.GetUserId();
        var now = DateTimeOffset.UtcNow;
        var owned = db.DriftAlerts.Where(a => a.Id == id && db.Deployments.Any(d => d.Id == a.DeploymentId && d.OwnerId == ownerId));
        await owned.Where(a => a.AcknowledgedAt == null).ExecuteUpdateAsync(set => set.SetProperty(a => a.AcknowledgedAt, now), cancellationToken);
        var row = await (from a in owned.AsNoTracking() join d in db.Deployments on a.DeploymentId equals d.Id select new { Alert = a, d.Name })
            .SingleOrDefaultAsync(cancellationToken);
        return row is null
            ? Problems.Create(StatusCodes.Status404NotFound, "drift_alert_not_found", $"You have no drift alert with id {id}.",
                "Check the id; GET /api/drift_alerts lists your alerts.")
            : TypedResults.Ok(ToResponse(row.Alert, row.Name));
    }

    private static DriftAlertResponse ToResponse(Core.Deployments.DriftAlert a, string deploymentName) => new(
        a.Id, a.DeploymentId, deploymentName, a.ModelId, a.Feature, a.Metric, a.Value, a.Threshold, a.Severity,
        a.WindowStart, a.WindowEnd, a.Rows, a.CreatedAt, a.AcknowledgedAt);
}
