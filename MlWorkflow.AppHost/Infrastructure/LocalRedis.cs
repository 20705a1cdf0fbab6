using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MlWorkflow.AppHost.Infrastructure;

/// <summary>The machine's redis-server as an executable resource on a free loopback port, with a password.</summary>
public static class LocalRedis
{
    public static IResourceBuilder<IResourceWithConnectionString> AddLocalRedis(
        this IDistributedApplicationBuilder builder, LocalBinaries binaries, LocalDataDirectory data)
    {
        var folder = data.Folder("redis");
        var secret = data.Secret(Path.Combine("redis", "password"));
        var password = builder.AddParameter("redis-password", secret, secret: true);
        var configFile = Path.Combine(folder, "redis.conf");
        // Redis keeps nothing that cannot be lost (live-log pub/sub, caches): no snapshots, no append-only file.
        LocalDataDirectory.WritePrivate(configFile, $"""
            bind 127.0.0.1
            protected-mode yes
            requirepass {secret}
            dir "{folder}"
            save ""
            appendonly no
            """);
        var port = FreePort.Next();
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            "redis-ready", new LocalRedisHealthCheck(port, secret, configFile), HealthStatus.Unhealthy, tags: null));

        var server = builder.AddExecutable("redis", binaries.RedisServer, folder, configFile, "--port", port.ToString())
            .WithEndpoint(name: "tcp", scheme: "tcp", port: port, targetPort: port, isProxied: false)
            .WithHealthCheck("redis-ready");

        var endpoint = server.GetEndpoint("tcp");
        return builder.AddConnectionString(ConnectionNames.Cache, ReferenceExpression.Create(
                $"127.0.0.1:{endpoint.Property(EndpointProperty.Port)},password={password}"))
            .WaitFor(server);
    }
}
