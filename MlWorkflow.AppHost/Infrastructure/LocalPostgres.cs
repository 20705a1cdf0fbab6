using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MlWorkflow.AppHost.Infrastructure;

/// <summary>The machine's PostgreSQL as an executable resource: one cluster under the data folder, a free loopback port per run.</summary>
public static class LocalPostgres
{
    public static IResourceBuilder<IResourceWithConnectionString> AddLocalPostgres(
        this IDistributedApplicationBuilder builder, LocalBinaries binaries, LocalDataDirectory data)
    {
        var root = data.Folder("postgres");
        // initdb reads the password from this file on the first run; later runs reuse the cluster and the file.
        var secret = data.Secret(Path.Combine("postgres", "password"));
        var password = builder.AddParameter("postgres-password", secret, secret: true);
        var script = WriteRunScript(data);
        var port = FreePort.Next();
        var healthCheck = new LocalPostgresHealthCheck(port, secret, Path.Combine(root, "data"), ConnectionNames.Database);
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration("postgres-ready", healthCheck, HealthStatus.Unhealthy, tags: null));

        var server = builder.AddExecutable("postgres", "bash", root, script, binaries.PostgresBinDirectory, root, port.ToString())
            .WithEndpoint(name: "tcp", scheme: "tcp", port: port, targetPort: port, isProxied: false)
            .WithHealthCheck("postgres-ready");

        var endpoint = server.GetEndpoint("tcp");
        return builder.AddConnectionString(ConnectionNames.Database, ReferenceExpression.Create(
                $"Host=127.0.0.1;Port={endpoint.Property(EndpointProperty.Port)};Username=postgres;Password={password};Database={ConnectionNames.Database}"))
            .WaitFor(server);
    }

    private static string WriteRunScript(LocalDataDirectory data)
    {
        var path = Path.Combine(data.Root, "postgres-run.sh");
        using var resource = typeof(LocalPostgres).Assembly.GetManifestResourceStream("postgres-run.sh")
            ?? throw new InvalidOperationException("postgres-run.sh is not embedded in the AppHost assembly.");
        using (var file = File.Create(path))
        {
            resource.CopyTo(file);
        }
        return path;
    }
}
