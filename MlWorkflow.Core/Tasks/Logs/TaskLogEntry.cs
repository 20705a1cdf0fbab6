namespace MlWorkflow.Core.Tasks.Logs;

/// <summary>
/// One stored log line of a task (table <c>task_logs</c>, key (task_id, seq)), and the contract's log entry:
/// <c>{"seq","ts","level","step","message","progress"}</c>. <see cref="Seq"/> starts at 1 per task, with no gaps.
/// </summary>
public sealed record TaskLogEntry(
    Guid TaskId,
    long Seq,
    DateTimeOffset Ts,
    string Level,
    string Step,
    string Message,
    int? Progress);

/// <summary>A line to append: <see cref="TaskLogStore"/> gives it its sequence number.</summary>
public sealed record NewTaskLogEntry(DateTimeOffset Ts, string Level, string Step, string Message, int? Progress = null)
{
    public static NewTaskLogEntry Now(string level, string step, string message, int? progress = null) =>
        new(DateTimeOffset.UtcNow, level, step, message, progress);
}

/// <summary>Log levels as they are stored and sent (<c>ts [LEVEL] step: message</c> upper-cases them in text).</summary>
public static class TaskLogLevels
{
    public const string Debug = "debug";
    public const string Info = "info";
    public const string Warning = "warning";
    public const string Error = "error";

    public static IReadOnlyList<string> All { get; } = [Debug, Info, Warning, Error];
}

/// <summary>Well-known step names.</summary>
public static class TaskLogSteps
{
    /// <summary>
    /// A status change (pending, running, completed, failed, cancelled): status changes are log
    /// entries too (docs/adr/0002-task-logs.md), and the WebSocket broker answers each one with a <c>{"type":"status",…Task}</c> frame.
    /// </summary>
    public const string Status = "status";

    /// <summary>
    /// A training trial: the worker updates the task's <c>result.leaderboard</c> before logging it, and the broker
    /// answers it with a status frame too, so a watching page gets the new leaderboard with the line.
    /// </summary>
    public const string Trial = "trial";
}
