using MlWorkflow.Core.Datasets;
using MlWorkflow.Core.Tasks.Execution;
using Npgsql;
using NpgsqlTypes;

namespace MlWorkflow.Worker.Jobs;

/// <summary>Dataset updates that commit together with a task's status change.</summary>
public static class DatasetWrites
{
    public static TransitionWork? SetStatus(Guid? datasetId, DatasetStatus status) => datasetId is not { } id ? null :
        (connection, transaction, cancellationToken) => ExecuteAsync(connection, transaction,
            "UPDATE datasets SET status = @status WHERE id = @id", id, cancellationToken, ("status", status.ToName()));

    /// <summary>
    /// After a cancelled profile the dataset is "ready" again if an earlier run left a profile, else back to
    /// "uploaded" (not profiled yet: retry the task to profile it).
    /// </summary>
    public static TransitionWork? Restore(Guid? datasetId) => datasetId is not { } id ? null :
        (connection, transaction, cancellationToken) => ExecuteAsync(connection, transaction,
            "UPDATE datasets SET status = CASE WHEN profile IS NULL THEN @uploaded ELSE @ready END WHERE id = @id", id, cancellationToken,
            ("uploaded", DatasetStatus.Uploaded.ToName()), ("ready", DatasetStatus.Ready.ToName()));

    /// <summary>Replaces the dataset's profile (a re-run overwrites it) and makes the dataset ready.</summary>
    public static TransitionWork SaveProfile(Guid datasetId, Guid taskId, string profileJson) =>
        async (connection, transaction, cancellationToken) =>
        {
            await using var command = new NpgsqlCommand(
                "UPDATE datasets SET profile = @profile, status = @status, profile_task_id = @task WHERE id = @id", connection, transaction);
            command.Parameters.AddWithValue("profile", NpgsqlDbType.Jsonb, profileJson);
            command.Parameters.AddWithValue("status", DatasetStatus.Ready.ToName());
            command.Parameters.AddWithValue("task", taskId);
            command.Parameters.AddWithValue("id", datasetId);
            await command.ExecuteNonQueryAsync(cancellationToken);
        };

    private static async Task ExecuteAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, Guid id, CancellationToken cancellationToken,
        params (string Name, string Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        command.Parameters.AddWithValue("id", id);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
