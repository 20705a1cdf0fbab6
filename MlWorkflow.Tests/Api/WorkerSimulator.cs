using MlWorkflow.Core.Tasks;
using MlWorkflow.Core.Tasks.Logs;
using Npgsql;
using StackExchange.Redis;

namespace MlWorkflow.Tests.Api;

/// <summary>
/// Plays the worker's side of a task (there is no worker in the Api tests): appends log entries through the real
/// <see cref="TaskLogStore"/> and publishes them on the real Redis channel; changes status as the worker does
/// (row and "status" entry in one transaction).
/// </summary>
public sealed class WorkerSimulator(string connectionString, IConnectionMultiplexer redis)
{
    /// <summary>Appends <paramref name="count"/> entries; <paramref name="publish"/> false plays a Redis message that got lost.</summary>
    public async Task<IReadOnlyList<TaskLogEntry>> LogAsync(Guid taskId, int count, int? progress = null, string step = "work", bool publish = true)
    {
        var entries = Enumerable.Range(0, count)
            .Select(i => NewTaskLogEntry.Now(i % 3 == 0 ? TaskLogLevels.Debug : TaskLogLevels.Info, step, $"line {i} of a batch of {count}"))
            .ToList();
        return await AppendAsync(taskId, entries, progress, null, publish);
    }

    /// <summary>Publishes already delivered entries again, as a stream of live messages that carry nothing new.</summary>
    public void Republish(Guid taskId, IReadOnlyList<TaskLogEntry> entries) => TaskLogChannel.Publish(redis.GetSubscriber(), taskId, entries);

    /// <summary>Moves the task to <paramref name="status"/> and logs "status: message", as the worker does.</summary>
    public Task<IReadOnlyList<TaskLogEntry>> SetStatusAsync(Guid taskId, WorkflowTaskStatus status, string message = "by the simulator")
    {
        var entry = NewTaskLogEntry.Now(status == WorkflowTaskStatus.Failed ? TaskLogLevels.Error : TaskLogLevels.Info,
            TaskLogSteps.Status, $"{status.ToName()}: {message}", status == WorkflowTaskStatus.Completed ? 100 : null);
        return AppendAsync(taskId, [entry], entry.Progress, status);
    }

    public async Task ExecuteAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }
        await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }

    public async Task<T> ScalarAsync<T>(string sql, Guid id)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("id", id);
        return (T)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
    }

    private async Task<IReadOnlyList<TaskLogEntry>> AppendAsync(
        Guid taskId, IReadOnlyList<NewTaskLogEntry> entries, int? progress, WorkflowTaskStatus? status, bool publish = true)
    {
        var cancel = TestContext.Current.CancellationToken;
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancel);
        await using var transaction = await connection.BeginTransactionAsync(cancel);
        if (status is { } s)
        {
            await using var update = new NpgsqlCommand(
                """
                UPDATE tasks SET status = @status,
                    started_at = CASE WHEN @status = 'running' THEN now() ELSE started_at END,
                    finished_at = CASE WHEN @status IN ('completed', 'failed', 'cancelled') THEN now() ELSE finished_at END,
                    error = CASE WHEN @status = 'failed' THEN 'simulated failure' ELSE error END
                WHERE id = @id
                """, connection, transaction);
            update.Parameters.AddWithValue("status", s.ToName());
            update.Parameters.AddWithValue("id", taskId);
            await update.ExecuteNonQueryAsync(cancel);
        }
        var stored = await TaskLogStore.AppendAsync(connection, transaction, taskId, entries, progress, cancel);
        await transaction.CommitAsync(cancel);
        if (publish)
        {
            TaskLogChannel.Publish(redis.GetSubscriber(), taskId, stored);
        }
        return stored;
    }
}
