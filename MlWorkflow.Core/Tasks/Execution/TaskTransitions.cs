using MlWorkflow.Core.Tasks.Logs;
using Npgsql;
using NpgsqlTypes;
using StackExchange.Redis;

namespace MlWorkflow.Core.Tasks.Execution;

/// <summary>More writes that must commit with a status change (a job's outputs, the dataset's status).</summary>
public delegate Task TransitionWork(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken);

/// <summary>
/// Status changes of a task. Each one updates the task row and appends its "status" log entry (message
/// "&lt;status&gt;: …") in ONE transaction, with any <see cref="TransitionWork"/> the caller adds, and publishes the
/// entry after commit. Updates are conditional on the current status, so a change that lost a race (the Api
/// cancelled a pending task; another run already finished it) changes nothing and returns false.
/// Flush the task's <see cref="TaskLogEmitter"/> first, so its entries keep their place before the status entry.
/// </summary>
public sealed class TaskTransitions(NpgsqlDataSource dataSource, IConnectionMultiplexer? redis)
{
    private static readonly string[] Active = [WorkflowTaskStatus.Pending.ToName(), WorkflowTaskStatus.Running.ToName()];
    private static readonly string[] RunningOnly = [WorkflowTaskStatus.Running.ToName()];

    /// <summary>pending|running → running. StartedAt keeps the first start of the attempt (a resumed run keeps it).</summary>
    public Task<bool> StartAsync(Guid taskId, string detail, TransitionWork? work, CancellationToken cancellationToken) =>
        ChangeAsync(taskId, WorkflowTaskStatus.Running, Active,
            "started_at = COALESCE(started_at, now()), finished_at = NULL, error = NULL",
            TaskLogLevels.Info, detail, null, null, null, work, cancellationToken);

    /// <summary>running → completed, with <paramref name="resultJson"/> and progress 100.</summary>
    public Task<bool> CompleteAsync(Guid taskId, string resultJson, string detail, TransitionWork? work, CancellationToken cancellationToken) =>
        ChangeAsync(taskId, WorkflowTaskStatus.Completed, RunningOnly,
            "result = @result, progress = 100, finished_at = now(), error = NULL",
            TaskLogLevels.Info, detail, 100, resultJson, null, work, cancellationToken);

    /// <summary>pending|running → failed, with <paramref name="error"/> (what went wrong and how to fix it).</summary>
    public Task<bool> FailAsync(Guid taskId, string error, TransitionWork? work, CancellationToken cancellationToken) =>
        ChangeAsync(taskId, WorkflowTaskStatus.Failed, Active,
            "error = @error, finished_at = now()",
            TaskLogLevels.Error, error, null, null, error, work, cancellationToken);

    /// <summary>pending|running → cancelled.</summary>
    public Task<bool> CancelAsync(Guid taskId, string detail, TransitionWork? work, CancellationToken cancellationToken) =>
        ChangeAsync(taskId, WorkflowTaskStatus.Cancelled, Active,
            "finished_at = now()",
            TaskLogLevels.Warning, detail, null, null, null, work, cancellationToken);

    private async Task<bool> ChangeAsync(
        Guid taskId, WorkflowTaskStatus status, string[] from, string set, string level, string detail, int? progress,
        string? result, string? error, TransitionWork? work, CancellationToken cancellationToken)
    {
        IReadOnlyList<TaskLogEntry> stored;
        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
        {
            await using (var command = new NpgsqlCommand(
                $"UPDATE tasks SET status = @status, {set} WHERE id = @id AND status = ANY(@from)", connection, transaction))
            {
                command.Parameters.AddWithValue("status", status.ToName());
                command.Parameters.AddWithValue("id", taskId);
                command.Parameters.AddWithValue("from", from);
                if (result is not null)
                {
                    command.Parameters.AddWithValue("result", NpgsqlDbType.Jsonb, result);
                }
                if (error is not null)
                {
                    command.Parameters.AddWithValue("error", error);
                }
                if (await command.ExecuteNonQueryAsync(cancellationToken) == 0)
                {
                    return false;
                }
            }
            if (work is not null)
            {
                await work(connection, transaction, cancellationToken);
            }
            var entry = NewTaskLogEntry.Now(level, TaskLogSteps.Status, $"{status.ToName()}: {detail}", progress);
            stored = await TaskLogStore.AppendAsync(connection, transaction, taskId, [entry], progress, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        if (redis is not null)
        {
            TaskLogChannel.Publish(redis.GetSubscriber(), taskId, stored);
        }
        return true;
    }
}
