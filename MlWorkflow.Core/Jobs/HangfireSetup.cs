using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MlWorkflow.Core.Jobs;

/// <summary>
/// Hangfire's storage, shared by the Api (enqueues) and the Worker (runs): schema <c>hangfire</c> in the
/// application database. The settings come from what was measured (docs/BENCHMARKS.md, job pick-up): LISTEN/NOTIFY long
/// polling for sub-second pick-up (needed in both processes), and a sliding 30 s invisibility timeout so a
/// killed worker's job runs again within about 30 s without restarting healthy long jobs.
/// </summary>
public static class HangfireSetup
{
    public const string Schema = "hangfire";
    public const string ConnectionName = "mlworkflowdb";

    /// <summary>
    /// Registers <see cref="JobStorage"/> (PostgreSQL, schema <c>hangfire</c> in <c>ConnectionStrings:mlworkflowdb</c>)
    /// and the <c>hangfire-storage</c> health check. Then call
    /// <c>services.AddHangfire(HangfireSetup.Configure)</c> (Hangfire.NetCore) to use it.
    /// </summary>
    public static IHostApplicationBuilder AddMlWorkflowHangfireStorage(this IHostApplicationBuilder builder)
    {
        var connectionString = builder.Configuration.GetConnectionString(ConnectionName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                $"ConnectionStrings:{ConnectionName} is not set, so Hangfire has no storage. Run the service from the AppHost " +
                $"(dotnet run --project MlWorkflow.AppHost), or set ConnectionStrings__{ConnectionName} to the PostgreSQL database.");
        }
        var options = CreateStorageOptions();
        builder.Services.AddSingleton<JobStorage>(_ =>
            new PostgreSqlStorage(new NpgsqlConnectionFactory(connectionString, options), options));
        builder.Services.AddHealthChecks().AddCheck<HangfireStorageHealthCheck>("hangfire-storage");
        return builder;
    }

    /// <summary>
    /// The configuration callback for <c>services.AddHangfire(...)</c>: serializer settings, the registered storage,
    /// and a log provider that outlives its host (<see cref="HangfireLogProvider"/>).
    /// </summary>
    public static void Configure(IServiceProvider services, IGlobalConfiguration configuration) =>
        configuration
            .UseLogProvider(new HangfireLogProvider(services.GetRequiredService<ILoggerFactory>()))
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseStorage(services.GetRequiredService<JobStorage>());

    public static PostgreSqlStorageOptions CreateStorageOptions() => new()
    {
        SchemaName = Schema,
        PrepareSchemaIfNecessary = true,
        EnableLongPolling = true,
        UseSlidingInvisibilityTimeout = true,
        InvisibilityTimeout = TimeSpan.FromSeconds(30),
        // Started on its own (no AppHost waiting for the Api's migrations), the database may not exist yet:
        // start degraded instead of crashing; every later use (server loops, health check) tries again and
        // installs the schema once the database is there. Few, short retries keep a health check quick.
        StartupConnectionMaxRetries = 2,
        StartupConnectionBaseDelay = TimeSpan.FromMilliseconds(250),
        StartupConnectionMaxDelay = TimeSpan.FromSeconds(1),
        AllowDegradedModeWithoutStorage = true,
    };
}
