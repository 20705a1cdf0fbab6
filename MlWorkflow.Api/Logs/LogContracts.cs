using MlWorkflow.Core.Tasks.Logs;

namespace MlWorkflow.Api.Logs;

/// <summary>One log line; <c>seq</c> starts at 1 per task with no gaps; <c>level</c> is debug, info, warning or error.</summary>
public sealed record LogEntryResponse(long Seq, DateTimeOffset Ts, string Level, string Step, string Message, int? Progress)
{
    public static LogEntryResponse From(TaskLogEntry e) => new(e.Seq, e.Ts, e.Level, e.Step, e.Message, e.Progress);
}

/// <summary>A page of a task's log; ask for the next one with <c>after=nextAfter</c> (equal to <c>after</c> when nothing is new).</summary>
public sealed record LogPageResponse(Guid TaskId, IReadOnlyList<LogEntryResponse> Entries, long NextAfter);
