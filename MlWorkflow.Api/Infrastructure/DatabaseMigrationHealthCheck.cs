using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MlWorkflow.Api.Infrastructure;

/// <summary>Unhealthy until the migrations are applied, so nothing waiting on the Api's /health starts early.</summary>
public sealed class DatabaseMigrationHealthCheck(DatabaseMigrationState state) : IHealthCheck
{
    public const string Name = "database-migrations";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(state.Completed
            ? HealthCheckResult.Healthy("The database schema is up to date.")
            : HealthCheckResult.Unhealthy(
                state.LastError is null ? "Database migrations are still running." : "Database migrations failed; retrying.",
                state.LastError));
}
