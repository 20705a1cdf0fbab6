using Npgsql;
using NpgsqlTypes;

namespace MlWorkflow.Core.Tasks.Logs;

/// <summary>
/// Appends log entries to <c>task_logs</c>, numbering them. Sequence numbers come from the task row
/// (<c>tasks.last_log_seq</c>, bumped by <c>UPDATE … RETURNING</c>), so any process — Api, any worker, a re-run
/// after a crash — can append, and the row lock it takes until commit makes batches commit in seq order:
/// a reader never sees seq n+1 before seq n. Entries that were never committed never got a number, so the
/// stored seqs are contiguous from 1.
/// </summary>
public static class TaskLogStore
{
    /// <summary>
    /// Numbers and inserts <paramref name="entries"/> in the caller's <paramref name="transaction"/> (commit it to
    /// make them visible). When <paramref name="progress"/> is given, the task's progress is set in the same update.
    /// </summary>
    /// <returns>The stored entries, in order; empty when <paramref name="entries"/> is.</returns>
    /// <exception cref="InvalidOperationException">There is no task <paramref name="taskId"/>.</exception>
    public static async Task<IReadOnlyList<TaskLogEntry>> AppendAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        Guid taskId,
        IReadOnlyList<NewTaskLogEntry> entries,
        int? progress,
        CancellationToken cancellationToken)
    {
        if (entries.Count == 0)
        {
            return [];
        }
        long last;
        await using (var command = new NpgsqlCommand(
            "UPDATE tasks SET last_log_seq = last_log_seq + @count, progress = COALESCE(@progress, progress) WHERE id = @id RETURNING last_log_seq",
            connection,
            transaction))
        {
            command.Parameters.AddWithValue("count", (long)entries.Count);
            command.Parameters.Add(new NpgsqlParameter<int?>("progress", NpgsqlDbType.Integer) { TypedValue = progress });
            command.Parameters.AddWithValue("id", taskId);
            last = await command.ExecuteScalarAsync(cancellationToken) as long?
                ?? throw new InvalidOperationException($"Task {taskId} does not exist, so its log cannot be written.");
        }

        var stored = new TaskLogEntry[entries.Count];
        var seq = last - entries.Count;
        for (var i = 0; i < entries.Count; i++)
        {
            var e = entries[i];
            stored[i] = new TaskLogEntry(taskId, ++seq, e.Ts, e.Level, e.Step, e.Message, e.Progress);
        }

        await using var writer = await connection.BeginBinaryImportAsync(
            "COPY task_logs (task_id, seq, ts, level, step, message, progress) FROM STDIN (FORMAT BINARY)", cancellationToken);
        foreach (var entry in stored)
        {
            await writer.StartRowAsync(cancellationToken);
            await writer.WriteAsync(entry.TaskId, NpgsqlDbType.Uuid, cancellationToken);
            await writer.WriteAsync(entry.Seq, NpgsqlDbType.Bigint, cancellationToken);
            await writer.WriteAsync(entry.Ts, NpgsqlDbType.TimestampTz, cancellationToken);
            await writer.WriteAsync(entry.Level, NpgsqlDbType.Text, cancellationToken);
            await writer.WriteAsync(entry.Step, NpgsqlDbType.Text, cancellationToken);
            await writer.WriteAsync(entry.Message, NpgsqlDbType.Text, cancellationToken);
            if (entry.Progress is { } value)
            {
                await writer.WriteAsync(value, NpgsqlDbType.Integer, cancellationToken);
            }
            else
            {
                await writer.WriteNullAsync(cancellationToken);
            }
        }
        await writer.CompleteAsync(cancellationToken);
        return stored;
    }

    /// <summary>Stored entries of a task with seq &gt; <paramref name="after"/>, in order, at most <paramref name="limit"/>.</summary>
    public static async Task<IReadOnlyList<TaskLogEntry>> ReadAsync(
        NpgsqlDataSource dataSource, Guid taskId, long after, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT seq, ts, level, step, message, progress FROM task_logs WHERE task_id = @id AND seq > @after ORDER BY seq LIMIT @limit");
        command.Parameters.AddWithValue("id", taskId);
        command.Parameters.AddWithValue("after", after);
        command.Parameters.AddWithValue("limit", limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var entries = new List<TaskLogEntry>();
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(new TaskLogEntry(
                taskId,
                reader.GetInt64(0),
                reader.GetFieldValue<DateTimeOffset>(1),
                reader.GetString(2),
                reader.GetString(3),
                reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetInt32(5)));
        }
        return entries;
    }
}
