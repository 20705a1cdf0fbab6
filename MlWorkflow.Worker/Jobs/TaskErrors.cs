using MlWorkflow.Core.Artifacts;
using Npgsql;

namespace MlWorkflow.Worker.Jobs;

/// <summary>Which errors are worth a retry: the database or network hiccupped; the data is not to blame.</summary>
public static class TaskErrors
{
    public static bool IsTransient(Exception exception) => exception switch
    {
        ArtifactIntegrityException => false,
        NpgsqlException npgsql => npgsql.IsTransient,
        TimeoutException or IOException => true,
        { InnerException: { } inner } => IsTransient(inner),
        _ => false,
    };
}
