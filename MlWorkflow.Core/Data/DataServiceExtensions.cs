using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MlWorkflow.Core.Artifacts;

namespace MlWorkflow.Core.Data;

public static class DataServiceExtensions
{
    /// <summary>Connection string name of the application database (<c>ConnectionStrings:mlworkflowdb</c>).</summary>
    public const string DatabaseConnectionName = "mlworkflowdb";

    /// <summary>Connection string name of Redis (<c>ConnectionStrings:cache</c>).</summary>
    public const string CacheConnectionName = "cache";

    /// <summary>
    /// Registers what Api and Worker share: <see cref="MlWorkflowDbContext"/> (pooled, with Aspire's
    /// health check and telemetry), an <c>NpgsqlDataSource</c> on the same database for streaming
    /// artifact I/O, <see cref="PostgresArtifactStore"/>, <see cref="DatabaseMigrator"/>, and the Redis
    /// <c>IConnectionMultiplexer</c> (with its health check).
    /// </summary>
    /// <remarks>
    /// EF's retrying execution strategy is off: uploads run in one explicit transaction fed from a
    /// request stream, which cannot be replayed.
    /// </remarks>
    public static IHostApplicationBuilder AddMlWorkflowData(this IHostApplicationBuilder builder)
    {
        builder.AddNpgsqlDbContext<MlWorkflowDbContext>(
            DatabaseConnectionName,
            settings => settings.DisableRetry = true,
            options => MlWorkflowDbContextOptions.Configure(options));
        // One health check for the database is enough: the DbContext's.
        builder.AddNpgsqlDataSource(DatabaseConnectionName, settings => settings.DisableHealthChecks = true);
        builder.AddRedisClient(CacheConnectionName);

        builder.Services.AddSingleton<PostgresArtifactStore>();
        builder.Services.AddScoped<DatabaseMigrator>();
        return builder;
    }
}
