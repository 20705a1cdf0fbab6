using Microsoft.Extensions.Configuration;

namespace MlWorkflow.AppHost.Infrastructure;

/// <summary>Turns <c>Infrastructure:Mode</c> (default <c>auto</c>) into the mode to run with.</summary>
public static class InfrastructureModeResolver
{
    public const string ModeKey = "Infrastructure:Mode";

    public static InfrastructureChoice Resolve(
        IConfiguration configuration, bool isPublishMode, Func<ContainerRuntimeProbe> probeContainers, Func<LocalBinaries?> findBinaries)
    {
        if (isPublishMode)
        {
            // azd deploys containers/managed services; it rejects executable resources.
            return new(InfrastructureMode.Containers, "publish mode always describes containers");
        }

        var setting = configuration[ModeKey];
        var name = string.IsNullOrWhiteSpace(setting) ? nameof(InfrastructureMode.Auto) : setting.Trim();
        if (!Enum.GetNames<InfrastructureMode>().Contains(name, StringComparer.OrdinalIgnoreCase))
        {
            throw new InfrastructureUnavailableException(
                $"{ModeKey} is '{setting}', which is not a mode. Set it to one of: containers, local, existing, auto " +
                $"(e.g. dotnet run --project MlWorkflow.AppHost -- --{ModeKey}=local).");
        }

        var mode = Enum.Parse<InfrastructureMode>(name, ignoreCase: true);
        return mode switch
        {
            InfrastructureMode.Auto => ResolveAuto(configuration, probeContainers, findBinaries),
            InfrastructureMode.Existing => ResolveExisting(configuration),
            _ => new(mode, $"{ModeKey} is '{setting}'"),
        };
    }

    private static InfrastructureChoice ResolveAuto(
        IConfiguration configuration, Func<ContainerRuntimeProbe> probeContainers, Func<LocalBinaries?> findBinaries)
    {
        var containers = probeContainers();
        if (containers.IsHealthy)
        {
            return new(InfrastructureMode.Containers, $"auto: {containers.Description}");
        }

        var binaries = findBinaries();
        if (binaries is not null)
        {
            return new(InfrastructureMode.Local,
                $"auto: {containers.Description}; found PostgreSQL in {binaries.PostgresBinDirectory} and {binaries.RedisServer}");
        }

        throw new InfrastructureUnavailableException(
            $"""
            MlWorkflow needs PostgreSQL and Redis, and none of the ways to get them works on this machine:
              - containers: {containers.Description}
              - local: PostgreSQL server binaries (initdb, postgres) or redis-server were not found
                (looked in /usr/lib/postgresql/*/bin, `pg_config --bindir` and PATH, or where
                Infrastructure:PostgresBinDirectory and Infrastructure:RedisServer point).
            Fix it in one of these ways:
              1. Install and start Docker or Podman (the AppHost then runs Postgres and Redis as containers).
              2. Install the servers: sudo apt-get install postgresql redis-server   (macOS: brew install postgresql redis)
                 (the AppHost then runs them itself on free loopback ports, data under .data/).
              3. Point it at servers you already run: set ConnectionStrings__mlworkflowdb and ConnectionStrings__cache
                 and {ModeKey.Replace(":", "__", StringComparison.Ordinal)}=existing.
            """);
    }

    private static InfrastructureChoice ResolveExisting(IConfiguration configuration)
    {
        string[] missing = [.. new[] { ConnectionNames.Database, ConnectionNames.Cache }
            .Where(name => string.IsNullOrWhiteSpace(configuration.GetConnectionString(name)))];
        if (missing.Length > 0)
        {
            throw new InfrastructureUnavailableException(
                $"{ModeKey} is 'existing' but {string.Join(" and ", missing.Select(n => $"ConnectionStrings:{n}"))} " +
                $"{(missing.Length == 1 ? "is" : "are")} not set. Set them, e.g. ConnectionStrings__mlworkflowdb=\"Host=127.0.0.1;Port=5432;Username=...;Password=...;Database=mlworkflowdb\" " +
                "and ConnectionStrings__cache=\"127.0.0.1:6379\", or choose another mode (containers, local, auto).");
        }
        return new(InfrastructureMode.Existing, $"{ModeKey} is 'existing'");
    }
}
