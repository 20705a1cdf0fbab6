using MlWorkflow.Core.Artifacts;
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

    /// <summary>Removes a dataset a cancelled job was writing (it has no artifact yet: the file commits with completion).</summary>
    public static TransitionWork? Delete(Guid? datasetId) => datasetId is not { } id ? null :
        (connection, transaction, cancellationToken) => ExecuteAsync(connection, transaction,
            "DELETE FROM datasets WHERE id = @id AND artifact_id IS NULL", id, cancellationToken);

    /// <summary>
    /// Stores a job's output file as the dataset's artifact and fills in what is known once it is written; the dataset
    /// then waits for its profile task. Throws <see cref="TaskDataException"/> when the dataset was deleted meanwhile.
    /// </summary>
    public static async Task SaveOutputAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, OutputDataset output, CancellationToken cancellationToken)
    {
        Artifact artifact;
        await using (var file = new FileStream(output.File, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan))
        await using (var writer = await PostgresArtifactStore.BeginWriteAsync(transaction, "dataset", "text/csv", cancellationToken))
        {
            var buffer = new byte[1 << 16];
            int read;
            while ((read = await file.ReadAsync(buffer, cancellationToken)) > 0)
            {
                await writer.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }
            artifact = await writer.CompleteAsync(cancellationToken);
        }
        await using var command = new NpgsqlCommand(
            "UPDATE datasets SET artifact_id = @artifact, size_bytes = @size, sha256 = @sha, row_count = @rows, columns = @columns, " +
            "column_count = @count, status = @status, profile_task_id = @task, " +
            "lineage = COALESCE(lineage, '{}'::jsonb) || CASE WHEN @fitted::jsonb IS NULL THEN '{}'::jsonb ELSE jsonb_build_object('fitted', @fitted::jsonb) END " +
            "WHERE id = @id", connection, transaction);
        command.Parameters.AddWithValue("artifact", artifact.Id);
        command.Parameters.AddWithValue("size", artifact.Length);
        command.Parameters.AddWithValue("sha", artifact.Sha256);
        command.Parameters.AddWithValue("rows", output.Rows);
        command.Parameters.AddWithValue("columns", output.Columns.ToArray());
        command.Parameters.AddWithValue("count", output.Columns.Count);
        command.Parameters.AddWithValue("status", DatasetStatus.Profiling.ToName());
        command.Parameters.AddWithValue("task", output.ProfileTaskId);
        command.Parameters.AddWithValue("fitted", NpgsqlDbType.Jsonb, (object?)output.FittedJson ?? DBNull.Value);
        command.Parameters.AddWithValue("id", output.DatasetId);
        if (await command.ExecuteNonQueryAsync(cancellationToken) == 0)
        {
            throw new TaskDataException("The dataset this run was writing was deleted meanwhile; nothing was stored. Run the pipeline again to get it.");
        }
    }

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

/// <summary>
/// A job's output file, written to <see cref="File"/>, and what the dataset records about it; <see cref="FittedJson"/>
/// (a pipeline's fitted state, kept in the lineage) is null for outputs no pipeline made.
/// </summary>
public sealed record OutputDataset(Guid DatasetId, string File, long Rows, IReadOnlyList<string> Columns, string? FittedJson, Guid ProfileTaskId);
