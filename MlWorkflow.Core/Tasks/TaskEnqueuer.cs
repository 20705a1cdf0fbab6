using System.Diagnostics;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Logging;
using MlWorkflow.Core.Data;
using MlWorkflow.Core.Tasks.Logs;
using Npgsql;
using StackExchange.Redis;

namespace MlWorkflow.Core.Tasks;

/// <summary>A task row added in an open transaction, with its first log entry, waiting for <see cref="TaskEnqueuer.EnqueueAsync"/>.</summary>
public sealed record PendingTask(WorkflowTask Task, IReadOnlyList<TaskLogEntry> Entries);

/// <summary>
/// Creates tasks and queues their Hangfire job (the job names only the task id, on the queue of the task's kind).
/// The row is written first and the job enqueued after commit, so a worker never picks up a job whose row it
/// cannot see. The trace context of the current activity is stored on the row, so the job joins the trace.
/// </summary>
public sealed partial class TaskEnqueuer(
    MlWorkflowDbContext db,
    IBackgroundJobClient jobs,
    IConnectionMultiplexer redis,
    ILogger<TaskEnqueuer> logger)
{
    /// <summary>
    /// Adds a pending task and its first log entry inside the caller's open transaction on the DbContext
    /// (it saves changes). Commit, then call <see cref="EnqueueAsync"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">No transaction is open on the context.</exception>
    public async Task<PendingTask> AddAsync(
        Guid ownerId, WorkflowTaskKind kind, Guid? datasetId, string parameters, CancellationToken cancellationToken, Guid? outputDatasetId = null)
    {
        var transaction = db.Database.CurrentTransaction
            ?? throw new InvalidOperationException("TaskEnqueuer.AddAsync needs an open transaction; use CreateAsync otherwise.");
        var task = new WorkflowTask
        {
            OwnerId = ownerId,
            Kind = kind,
            DatasetId = datasetId,
            OutputDatasetId = outputDatasetId,
            Parameters = parameters,
            TraceParent = Activity.Current?.Id,
        };
        db.Tasks.Add(task);
        await db.SaveChangesAsync(cancellationToken);
        var entries = await AppendAsync(task.Id, transaction, Queued(task), cancellationToken);
        return new PendingTask(task, entries);
    }

    /// <summary>Adds, commits and enqueues in one call, for callers with nothing else to write.</summary>
    public async Task<WorkflowTask> CreateAsync(
        Guid ownerId, WorkflowTaskKind kind, Guid? datasetId, string parameters, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var pending = await AddAsync(ownerId, kind, datasetId, parameters, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await EnqueueAsync(pending, cancellationToken);
        return pending.Task;
    }

    /// <summary>
    /// Enqueues the job of a committed pending task, records its id, and publishes the task's first entries.
    /// </summary>
    public async Task EnqueueAsync(PendingTask pending, CancellationToken cancellationToken)
    {
        var task = pending.Task;
        var jobId = jobs.Enqueue<ITaskJob>(task.Kind.Queue(), job => job.RunAsync(task.Id, CancellationToken.None));
        task.JobId = jobId;
        await db.Tasks.Where(t => t.Id == task.Id)
            .ExecuteUpdateAsync(set => set.SetProperty(t => t.JobId, jobId), cancellationToken);
        if (!TaskLogChannel.Publish(redis.GetSubscriber(), task.Id, pending.Entries))
        {
            LogPublishFailed(task.Id);
        }
        LogEnqueued(task.Id, task.Kind.ToName(), jobId, task.Attempt);
    }

    /// <summary>The "pending" status entry a (re)queued task starts its attempt with.</summary>
    public static NewTaskLogEntry Queued(WorkflowTask task) =>
        NewTaskLogEntry.Now(TaskLogLevels.Info, TaskLogSteps.Status,
            $"pending: queued on '{task.Kind.Queue()}' (attempt {task.Attempt})", 0);

    /// <summary>Appends entries in <paramref name="transaction"/>, the EF transaction of the DbContext.</summary>
    public async Task<IReadOnlyList<TaskLogEntry>> AppendAsync(
        Guid taskId, IDbContextTransaction transaction, NewTaskLogEntry entry, CancellationToken cancellationToken) =>
        await TaskLogStore.AppendAsync(
            (NpgsqlConnection)db.Database.GetDbConnection(),
            (NpgsqlTransaction)transaction.GetDbTransaction(),
            taskId, [entry], entry.Progress, cancellationToken);

    [LoggerMessage(Level = LogLevel.Information, Message = "Task {TaskId} ({Kind}, attempt {Attempt}) queued as Hangfire job {JobId}")]
    private partial void LogEnqueued(Guid taskId, string kind, string jobId, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Task {TaskId}: Redis did not take the log message; live viewers will read it from Postgres")]
    private partial void LogPublishFailed(Guid taskId);
}
