namespace MlWorkflow.AppHost.Infrastructure;

/// <summary>No way to get PostgreSQL and Redis works; the message says how to fix it.</summary>
public sealed class InfrastructureUnavailableException(string message) : Exception(message)
{
    // The message is the whole story (what is missing, how to fix it): a stack trace would only bury it
    // when `dotnet run` prints the unhandled exception.
    public override string ToString() => $"{GetType().Name}: {Message}";
}
