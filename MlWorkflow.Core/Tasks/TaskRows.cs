using MlWorkflow.Core.Tasks.Logs;
using Npgsql;
using NpgsqlTypes;

namespace MlWorkflow.Core.Tasks;

/// <summary>Task rows written on a plain Npgsql transaction, for work that commits with another task's status change.</summary>
public static class TaskRows
{
    /// <summary>
    /// Inserts <paramref name="task"/> (pending) and its "queued" entry in <paramref name="transaction"/>; after commit,
    /// <see cref="TaskEnqueuer.EnqueueAsync"/> queues its job.
    /// </summary>
    public static async Task<PendingTask> InsertAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, WorkflowTask task, CancellationToken cancellationToken)
    {
        await using (var command = new NpgsqlCommand(
            "INSERT INTO tasks (id, owner_id, kind, status, progress, dataset_id, output_dataset_id, parameters, attempt, " +
            "trace_parent, last_log_seq, created_at, enqueued_at) " +
            "VALUES (@id, @owner, @kind, @status, 0, @dataset, @output, @parameters, @attempt, @trace, 0, @created, @enqueued)",
            connection, transaction))
        {
            command.Parameters.AddWithValue("id", task.Id);
            command.Parameters.AddWithValue("owner", task.OwnerId);
            command.Parameters.AddWithValue("kind", task.Kind.ToName());
            command.Parameters.AddWithValue("status", task.Status.ToName());
            command.Parameters.AddWithValue("dataset", (object?)task.DatasetId ?? DBNull.Value);
            command.Parameters.AddWithValue("output", (object?)task.OutputDatasetId ?? DBNull.Value);
            command.Parameters.AddWithValue("parameters", NpgsqlDbType.Jsonb, task.Parameters);
            command.Parameters.AddWithValue("attempt", task.Attempt);
            command.Parameters.AddWithValue("trace", (object?)task.TraceParent ?? DBNull.Value);
            command.Parameters.AddWithValue("created", task.CreatedAt);
            command.Parameters.AddWithValue("enqueued", task.EnqueuedAt);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        var entry = TaskEnqueuer.Queued(task);
        var entries = await TaskLogStore.AppendAsync(connection, transaction, task.Id, [entry], entry.Progress, cancellationToken);
        return new PendingTask(task, entries);
    }
}
