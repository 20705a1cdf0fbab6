using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MlWorkflow.Core.Data;
using MlWorkflow.Core.Deployments;
using MlWorkflow.Engine;
using MlWorkflow.Engine.Drift;

namespace MlWorkflow.Api.Deployments;

/// <summary>Deployments as the Api returns them: with the served model's name and version, history, alert count and stats.</summary>
public static class DeploymentQueries
{
    private sealed record Row(Deployment Deployment, string ModelName, int ModelVersion, string Task, string Target, int Alerts);

    public static async Task<DeploymentResponse?> ReadAsync(
        MlWorkflowDbContext db, HttpRequest request, Guid ownerId, Guid id, bool withStats, CancellationToken cancellationToken)
    {
        var rows = await ReadRowsAsync(db, db.Deployments.Where(d => d.Id == id && d.OwnerId == ownerId), cancellationToken);
        if (rows.Count == 0)
        {
            return null;
        }
        var history = await HistoryAsync(db, [id], cancellationToken);
        var stats = withStats ? await StatsAsync(db, id, DateTimeOffset.UtcNow, cancellationToken) : null;
        return ToResponse(rows[0], request, history, stats);
    }

    public static async Task<IReadOnlyList<DeploymentResponse>> ListAsync(
        MlWorkflowDbContext db, HttpRequest request, Guid ownerId, int skip, int take, CancellationToken cancellationToken)
    {
        var page = db.Deployments.Where(d => d.OwnerId == ownerId).OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.Id).Skip(skip).Take(take);
        var rows = await ReadRowsAsync(db, page, cancellationToken);
        var history = await HistoryAsync(db, [.. rows.Select(r => r.Deployment.Id)], cancellationToken);
        // The join does not keep the page's order.
        return [.. rows.OrderByDescending(r => r.Deployment.CreatedAt).ThenByDescending(r => r.Deployment.Id).Select(r => ToResponse(r, request, history, null))];
    }

    /// <summary>The last hour of a deployment's traffic, summed over replicas, from the per-minute rows.</summary>
    public static async Task<DeploymentStatsResponse> StatsAsync(MlWorkflowDbContext db, Guid id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var since = now.AddHours(-1);
        var minutes = await db.DeploymentStats.AsNoTracking().Where(s => s.DeploymentId == id && s.Minute > since)
            .OrderBy(s => s.Minute).ToListAsync(cancellationToken);
        var latency = new long[LatencyBuckets.Count];
        foreach (var minute in minutes)
        {
            for (var i = 0; i < Math.Min(latency.Length, minute.Latency.Length); i++)
            {
                latency[i] += minute.Latency[i];
            }
        }
        return new DeploymentStatsResponse(
            minutes.Sum(m => m.Requests), minutes.Sum(m => m.Errors), minutes.Sum(m => m.Rows), minutes.Sum(m => m.UnloggedRows),
            LatencyBuckets.Percentile(latency, 0.5), LatencyBuckets.Percentile(latency, 0.99),
            [.. minutes.Select(m => new DeploymentMinuteResponse(m.Minute, m.Requests, m.Errors,
                LatencyBuckets.Percentile(m.Latency, 0.5), LatencyBuckets.Percentile(m.Latency, 0.99)))]);
    }

    /// <summary>The predict URL of a deployment as this request reached the Api.</summary>
    public static string PredictUrl(HttpRequest request, Guid id) => $"{request.Scheme}://{request.Host}{request.PathBase}/api/deployments/{id}/predict";

    private static async Task<List<Row>> ReadRowsAsync(MlWorkflowDbContext db, IQueryable<Deployment> deployments, CancellationToken cancellationToken) =>
        await (from d in deployments.AsNoTracking()
               join m in db.Models on d.ModelId equals m.Id
               select new Row(d, m.Name, m.Version, m.Task, m.Target,
                   db.DriftAlerts.Count(a => a.DeploymentId == d.Id && a.AcknowledgedAt == null)))
            .ToListAsync(cancellationToken);

    private static async Task<ILookup<Guid, DeploymentHistoryResponse>> HistoryAsync(
        MlWorkflowDbContext db, IReadOnlyList<Guid> ids, CancellationToken cancellationToken) =>
        (await db.DeploymentHistory.AsNoTracking().Where(h => ids.Contains(h.DeploymentId))
            .OrderByDescending(h => h.From).ThenByDescending(h => h.Id).ToListAsync(cancellationToken))
        .ToLookup(h => h.DeploymentId, h => new DeploymentHistoryResponse(h.ModelId, h.ModelName, h.ModelVersion, h.From, h.To));

    public static DriftSettings DriftSettingsOf(Deployment deployment) => deployment.DriftSettings is { } json
        ? JsonSerializer.Deserialize<DriftSettings>(json, EngineJson.Options) ?? DriftSettings.Default
        : DriftSettings.Default;

    private static DeploymentResponse ToResponse(Row row, HttpRequest request, ILookup<Guid, DeploymentHistoryResponse> history, DeploymentStatsResponse? stats)
    {
        var d = row.Deployment;
        return new DeploymentResponse(d.Id, d.Name, d.ModelId, row.ModelName, row.ModelVersion, row.Task, row.Target, "active",
            PredictUrl(request, d.Id), d.DriftIntervalMinutes, d.LogRetentionDays, d.WebhookUrl, DriftSettingsOf(d), row.Alerts, d.DriftCheckedAt,
            d.CreatedAt, d.UpdatedAt, [.. history[d.Id]], stats);
    }
}
