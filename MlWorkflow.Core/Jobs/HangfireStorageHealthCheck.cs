using Hangfire;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MlWorkflow.Core.Jobs;

/// <summary>Healthy when Hangfire's storage answers a query on its own tables (so the schema exists).</summary>
public sealed class HangfireStorageHealthCheck(JobStorage storage) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            // Hangfire's monitoring API is synchronous.
            var servers = await Task.Run(() => storage.GetMonitoringApi().Servers(), cancellationToken);
            return HealthCheckResult.Healthy($"Hangfire storage answers; {servers.Count} server(s) registered.");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy($"Hangfire storage does not answer: {e.Message}", e);
        }
    }
}
