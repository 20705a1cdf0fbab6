namespace MlWorkflow.AppHost.Infrastructure;

/// <summary>Where PostgreSQL and Redis come from (setting <c>Infrastructure:Mode</c>).</summary>
public enum InfrastructureMode
{
    /// <summary>Pick <see cref="Containers"/>, else <see cref="Local"/>, else stop with what to install.</summary>
    Auto,

    /// <summary>Postgres and Redis containers with data volumes (Docker or Podman).</summary>
    Containers,

    /// <summary>The machine's own postgres and redis-server, started by the AppHost on free loopback ports.</summary>
    Local,

    /// <summary>Servers you already run: <c>ConnectionStrings:mlworkflowdb</c> and <c>ConnectionStrings:cache</c>.</summary>
    Existing,
}

/// <summary>The mode the AppHost runs with, and why it was chosen.</summary>
public sealed record InfrastructureChoice(InfrastructureMode Mode, string Reason);
