using System.Text.Json;

namespace MlWorkflow.Web.Services;

// The Api's task and log JSON as Web reads it (its shapes: /openapi/v1.json).
public sealed record TaskRecord(
    Guid Id,
    string Kind,
    string Status,
    int Progress,
    Guid? DatasetId,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    string? Error,
    JsonElement? Result,
    int Attempt,
    Guid? OutputDatasetId = null,
    string? DatasetName = null,
    string? OutputDatasetName = null)
{
    public bool IsFinished => TaskStatuses.IsFinished(Status);

    public bool CanCancel => !IsFinished;

    public bool CanRetry => Status is TaskStatuses.Failed or TaskStatuses.Cancelled;

    /// <summary>Time from creation to start (the wait in the queue), once started.</summary>
    public TimeSpan? QueueWait => StartedAt - CreatedAt;

    public TimeSpan? Duration(DateTimeOffset now) => StartedAt is { } started ? (FinishedAt ?? now) - started : null;
}

/// <summary>GET /api/tasks's filters; null leaves one out.</summary>
public sealed record TaskFilter(string? Status = null, string? Kind = null, Guid? DatasetId = null);

public sealed record LogEntry(long Seq, DateTimeOffset Ts, string Level, string Step, string Message, int? Progress);

public sealed record LogPage(Guid TaskId, IReadOnlyList<LogEntry> Entries, long NextAfter);

public sealed record CurrentUser(Guid Id, string Email, bool IsAdmin);

public static class TaskStatuses
{
    public const string Pending = "pending";
    public const string Running = "running";
    public const string Completed = "completed";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";

    public static IReadOnlyList<string> All { get; } = [Pending, Running, Completed, Failed, Cancelled];

    public static bool IsFinished(string status) => status is Completed or Failed or Cancelled;
}

public static class TaskKinds
{
    public static IReadOnlyList<string> All { get; } = ["profile", "preprocess", "train", "batch_predict", "drift_check"];

    public static string Label(string kind) => kind switch
    {
        "profile" => "Profile",
        "preprocess" => "Preprocess",
        "train" => "Train",
        "batch_predict" => "Batch predict",
        "drift_check" => "Drift check",
        _ => kind,
    };
}
