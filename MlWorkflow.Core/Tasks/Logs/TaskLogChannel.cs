using System.Text.Json;
using StackExchange.Redis;

namespace MlWorkflow.Core.Tasks.Logs;

/// <summary>
/// The Redis pub/sub side of the log path. Every committed batch of a task's entries is published, in seq order,
/// as one message on the task's channel: <c>{"taskId":…,"entries":[{"seq","ts","level","step","message","progress"}…]}</c>.
/// Redis keeps nothing: a subscriber that missed messages (or Redis being down) fills the gap from
/// <c>task_logs</c>, which has every entry.
/// </summary>
public static class TaskLogChannel
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static RedisChannel For(Guid taskId) => RedisChannel.Literal($"mlworkflow:task-logs:{taskId:N}");

    public static byte[] Serialize(Guid taskId, IReadOnlyList<TaskLogEntry> entries) =>
        JsonSerializer.SerializeToUtf8Bytes(new TaskLogMessage(taskId, [.. entries.Select(TaskLogMessageEntry.From)]), Json);

    /// <returns>The entries of a published message; throws <see cref="JsonException"/> on a malformed one.</returns>
    public static IReadOnlyList<TaskLogEntry> Deserialize(ReadOnlySpan<byte> message)
    {
        var parsed = JsonSerializer.Deserialize<TaskLogMessage>(message, Json)
            ?? throw new JsonException("A task log message was empty.");
        return [.. parsed.Entries.Select(e => new TaskLogEntry(parsed.TaskId, e.Seq, e.Ts, e.Level, e.Step, e.Message, e.Progress))];
    }

    /// <summary>
    /// Publishes without waiting and without failing: a message is only a hint that new entries are stored,
    /// so with Redis unreachable the entries are still safe in Postgres.
    /// </summary>
    /// <returns>False when Redis refused the message at once (it is down); the caller may log that, rate-limited.</returns>
    public static bool Publish(ISubscriber subscriber, Guid taskId, IReadOnlyList<TaskLogEntry> entries)
    {
        if (entries.Count == 0)
        {
            return true;
        }
        try
        {
            subscriber.Publish(For(taskId), Serialize(taskId, entries), CommandFlags.FireAndForget);
            return true;
        }
        catch (RedisException)
        {
            return false;
        }
    }

    private sealed record TaskLogMessage(Guid TaskId, IReadOnlyList<TaskLogMessageEntry> Entries);

    private sealed record TaskLogMessageEntry(long Seq, DateTimeOffset Ts, string Level, string Step, string Message, int? Progress)
    {
        public static TaskLogMessageEntry From(TaskLogEntry e) => new(e.Seq, e.Ts, e.Level, e.Step, e.Message, e.Progress);
    }
}
