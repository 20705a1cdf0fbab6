namespace MlWorkflow.Core.Tasks;

/// <summary>
/// A unit of background work (the contract's <c>Task</c>), and the source of truth about it: the Hangfire job
/// only carries <see cref="Id"/>. Named <c>WorkflowTask</c> so it never meets <see cref="System.Threading.Tasks.Task"/>.
/// </summary>
public sealed class WorkflowTask
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public required Guid OwnerId { get; init; }

    public required WorkflowTaskKind Kind { get; init; }

    public WorkflowTaskStatus Status { get; set; } = WorkflowTaskStatus.Pending;

    /// <summary>0 to 100.</summary>
    public int Progress { get; set; }

    /// <summary>The dataset the task reads (profile, preprocess, train); null for kinds that have none.</summary>
    public Guid? DatasetId { get; init; }

    /// <summary>The dataset the task writes (preprocess, batch_predict); null for kinds that write none, or once it is deleted.</summary>
    public Guid? OutputDatasetId { get; set; }

    /// <summary>The task's inputs as a JSON object (jsonb); "{}" when it has none.</summary>
    public string Parameters { get; set; } = "{}";

    /// <summary>The task's output as JSON (jsonb), set when it completes.</summary>
    public string? Result { get; set; }

    /// <summary>What went wrong, in words a user can act on; set when the task fails.</summary>
    public string? Error { get; set; }

    /// <summary>1 for the first run; a retry requested by a user starts the next attempt.</summary>
    public int Attempt { get; set; } = 1;

    /// <summary>The id of the Hangfire job running the current attempt.</summary>
    public string? JobId { get; set; }

    /// <summary>
    /// The W3C <c>traceparent</c> of the request that created (or retried) the task, so the job's spans join
    /// that request's trace.
    /// </summary>
    public string? TraceParent { get; set; }

    /// <summary>The highest log sequence number handed out for this task (see <see cref="Logs.TaskLogStore"/>).</summary>
    public long LastLogSeq { get; set; }

    /// <summary>Who asked to cancel (an e-mail address), once someone has; the worker reads it to say so in the log.</summary>
    public string? CancelRequestedBy { get; set; }

    /// <summary>
    /// When the owner asked a train task to stop early and keep the best model so far (<c>POST /api/train/{id}/stop</c>);
    /// the train runner polls it. Unlike a cancel, the task then completes.
    /// </summary>
    public DateTimeOffset? StopRequestedAt { get; set; }

    public DateTimeOffset CreatedAt { get; init; } = DateTimeOffset.UtcNow;

    /// <summary>When the task was (last) queued: creation, or the latest retry. Queue wait is measured from here.</summary>
    public DateTimeOffset EnqueuedAt { get; set; } = DateTimeOffset.UtcNow;

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    public bool IsFinished => Status.IsFinished();
}
