using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MlWorkflow.Core.Data;
using MlWorkflow.Core.Deployments;

namespace MlWorkflow.Worker.Jobs;

/// <summary>
/// POSTs each new drift alert, as the Api shows it (camelCase), to the deployment's webhook. Delivery is at least once:
/// when the receiver refuses one alert, the job fails and Hangfire retries it with all of them.
/// </summary>
public sealed partial class DriftAlertWebhook(MlWorkflowDbContext db, IHttpClientFactory clients, ILogger<DriftAlertWebhook> logger) : IDriftAlertWebhook
{
    public const string ClientName = "drift-webhooks";

    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web);

    public async Task SendAsync(Guid deploymentId, Guid[] alertIds, CancellationToken cancellationToken)
    {
        var deployment = await db.Deployments.AsNoTracking().Where(d => d.Id == deploymentId)
            .Select(d => new { d.Name, d.WebhookUrl }).SingleOrDefaultAsync(cancellationToken);
        if (deployment?.WebhookUrl is not { } url)
        {
            // Deleted, or its webhook removed since the check: nothing to deliver.
            return;
        }
        var alerts = await db.DriftAlerts.AsNoTracking().Where(a => alertIds.Contains(a.Id)).OrderBy(a => a.CreatedAt).ThenBy(a => a.Feature)
            .ToListAsync(cancellationToken);
        var client = clients.CreateClient(ClientName);
        foreach (var a in alerts)
        {
            var body = new
            {
                a.Id, a.DeploymentId, DeploymentName = deployment.Name, a.ModelId, a.Feature, a.Metric, a.Value, a.Threshold, a.Severity,
                a.WindowStart, a.WindowEnd, a.Rows, a.CreatedAt,
            };
            using var response = await client.PostAsJsonAsync(url, body, s_json, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw new HttpRequestException($"The webhook of deployment '{deployment.Name}' answered {(int)response.StatusCode} to alert {a.Id}; Hangfire retries.");
            }
        }
        LogDelivered(alerts.Count, deployment.Name);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Delivered {Count} drift alerts to the webhook of deployment {Deployment}")]
    private partial void LogDelivered(int count, string deployment);
}
