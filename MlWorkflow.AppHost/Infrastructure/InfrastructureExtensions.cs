using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MlWorkflow.AppHost.Infrastructure;

/// <summary>The two things every service needs, whatever mode provides them.</summary>
public sealed record InfrastructureResources(
    IResourceBuilder<IResourceWithConnectionString> Database,
    IResourceBuilder<IResourceWithConnectionString> Cache);

public static class InfrastructureExtensions
{
    /// <summary>Adds PostgreSQL (database <c>mlworkflowdb</c>) and Redis (<c>cache</c>) the way <c>Infrastructure:Mode</c> says.</summary>
    public static InfrastructureResources AddInfrastructure(this IDistributedApplicationBuilder builder)
    {
        var choice = InfrastructureModeResolver.Resolve(
            builder.Configuration,
            builder.ExecutionContext.IsPublishMode,
            () => ContainerRuntime.Probe(builder.Configuration),
            () => LocalBinaries.Find(builder.Configuration));

        builder.Eventing.Subscribe<BeforeStartEvent>((e, _) =>
        {
            e.Services.GetRequiredService<ILoggerFactory>().CreateLogger("MlWorkflow.AppHost.Infrastructure")
                .LogInformation("Infrastructure mode {Mode}: {Reason}", choice.Mode.ToString().ToLowerInvariant(), choice.Reason);
            return Task.CompletedTask;
        });

        return choice.Mode switch
        {
            InfrastructureMode.Containers => AddContainers(builder),
            InfrastructureMode.Local => AddLocal(builder),
            _ => new(builder.AddConnectionString(ConnectionNames.Database), builder.AddConnectionString(ConnectionNames.Cache)),
        };
    }

    private static InfrastructureResources AddContainers(IDistributedApplicationBuilder builder)
    {
        var postgres = builder.AddPostgres("postgres").WithDataVolume();
        return new(postgres.AddDatabase(ConnectionNames.Database), builder.AddRedis(ConnectionNames.Cache));
    }

    private static InfrastructureResources AddLocal(IDistributedApplicationBuilder builder)
    {
        var binaries = LocalBinaries.Find(builder.Configuration) ?? throw new InfrastructureUnavailableException(
            "Infrastructure:Mode is 'local' but the PostgreSQL server binaries (initdb, postgres) or redis-server were not found " +
            "(looked in /usr/lib/postgresql/*/bin, `pg_config --bindir` and PATH). Install them: sudo apt-get install postgresql redis-server " +
            "(macOS: brew install postgresql redis), or set Infrastructure:PostgresBinDirectory / Infrastructure:RedisServer, " +
            "or choose another mode (containers, existing).");
        var data = LocalDataDirectory.Resolve(builder.Configuration, builder.AppHostDirectory);
        return new(builder.AddLocalPostgres(binaries, data), builder.AddLocalRedis(binaries, data));
    }
}
