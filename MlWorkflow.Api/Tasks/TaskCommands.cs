using System.Diagnostics;
using Hangfire;
using MlWorkflow.Api.Extensions;
using MlWorkflow.Api.Models;
using MlWorkflow.Api.Preprocessing;
using Microsoft.EntityFrameworkCore;
using MlWorkflow.Core.Data;
using MlWorkflow.Core.Datasets;
using MlWorkflow.Core.Tasks;
using MlWorkflow.Core.Tasks.Logs;
using StackExchange.Redis;

namespace MlWorkflow.Api.Tasks;

public enum TaskCommandOutcome
{
    Done,
    NotFound,
    Conflict,
}

/// <summary>
/// Cancel and retry. Each locks the task row (<c>FOR UPDATE</c>) so it cannot race the worker's own status
/// changes, writes the row and its "status" log entry in one transaction, and touches Hangfire and Redis only
/// after commit.
/// </summary>
public sealed partial class TaskCommands(
    MlWorkflowDbContext db,
    TaskEnqueuer enqueuer,
    PipelineRuns runs,
    BatchScoring scoring,
    IBackgroundJobClient jobs,
    IConnectionMultiplexer redis,
    TimeProvider time,
    ILogger<TaskCommands> logger)
{
    /// <summary>
    /// A pending task is cancelled at once; a running one is asked to stop (its job is deleted, which fires the
    /// job's token; the worker then writes the final status). Conflict when the task has already finished.
    /// </summary>
    public async Task<(TaskCommandOutcome Outcome, WorkflowTask? Task)> CancelAsync(
        Guid id, Guid ownerId, string requestedBy, CancellationToken cancellationToken)
    {
        using var span = ApiTelemetry.StartTaskActivity("task cancel", id);
        IReadOnlyList<TaskLogEntry> entries = [];
        WorkflowTask? task;
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            task = await LockAsync(id, ownerId, cancellationToken);
            if (task is null || task.IsFinished)
            {
                return (task is null ? TaskCommandOutcome.NotFound : TaskCommandOutcome.Conflict, task);
            }
            task.CancelRequestedBy = requestedBy;
            if (task.Status == WorkflowTaskStatus.Pending)
            {
                task.Status = WorkflowTaskStatus.Cancelled;
                task.FinishedAt = time.GetUtcNow();
                await RemoveUnwrittenOutputAsync(task, cancellationToken);
            }
            await db.SaveChangesAsync(cancellationToken);
            if (task.Status == WorkflowTaskStatus.Cancelled)
            {
                entries = await enqueuer.AppendAsync(task.Id, transaction, NewTaskLogEntry.Now(
                    TaskLogLevels.Info, TaskLogSteps.Status, $"cancelled: cancelled by {requestedBy} before it started"), cancellationToken);
            }
            await transaction.CommitAsync(cancellationToken);
        }
        TaskLogChannel.Publish(redis.GetSubscriber(), task.Id, entries);
        var deleted = task.JobId is not null && jobs.Delete(task.JobId);
        LogCancelRequested(task.Id, task.Status.ToName(), requestedBy, task.JobId, deleted);
        return (TaskCommandOutcome.Done, task);
    }

    /// <summary>Starts the next attempt of a failed or cancelled task; Conflict for any other status.</summary>
    public async Task<(TaskCommandOutcome Outcome, WorkflowTask? Task)> RetryAsync(
        Guid id, Guid ownerId, CancellationToken cancellationToken)
    {
        using var span = ApiTelemetry.StartTaskActivity("task retry", id);
        PendingTask pending;
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            var task = await LockAsync(id, ownerId, cancellationToken);
            if (task is null || task.Status is not (WorkflowTaskStatus.Failed or WorkflowTaskStatus.Cancelled))
            {
                return (task is null ? TaskCommandOutcome.NotFound : TaskCommandOutcome.Conflict, task);
            }
            task.Attempt++;
            task.Status = WorkflowTaskStatus.Pending;
            task.Progress = 0;
            task.Error = null;
            task.Result = null;
            task.StartedAt = null;
            task.FinishedAt = null;
            task.CancelRequestedBy = null;
            task.JobId = null;
            task.EnqueuedAt = time.GetUtcNow();
            task.TraceParent = Activity.Current?.Id;
            await PrepareDatasetsAsync(task, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            var entries = await enqueuer.AppendAsync(task.Id, transaction, TaskEnqueuer.Queued(task), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            pending = new PendingTask(task, entries);
        }
        // Committed: queue the job even if the client has gone.
        await enqueuer.EnqueueAsync(pending, CancellationToken.None);
        return (TaskCommandOutcome.Done, pending.Task);
    }

    /// <summary>A task cancelled before it ran leaves no output behind (as the worker's cancel of a running one does).</summary>
    private async Task RemoveUnwrittenOutputAsync(WorkflowTask task, CancellationToken cancellationToken)
    {
        if (task is { Kind: WorkflowTaskKind.Preprocess or WorkflowTaskKind.BatchPredict, OutputDatasetId: { } outputId })
        {
            await db.Datasets.Where(d => d.Id == outputId && d.ArtifactId == null).ExecuteDeleteAsync(cancellationToken);
            task.OutputDatasetId = null;
        }
    }

    /// <summary>What a new attempt needs of its datasets, by kind: a profile's dataset is "uploaded" again (not profiled
    /// yet); a pipeline run's or a batch scoring's output is "processing" again, or made anew when a cancel removed it.</summary>
    private async Task PrepareDatasetsAsync(WorkflowTask task, CancellationToken cancellationToken)
    {
        switch (task.Kind)
        {
            case WorkflowTaskKind.Profile when task.DatasetId is { } datasetId:
                await db.Datasets.Where(d => d.Id == datasetId)
                    .ExecuteUpdateAsync(set => set.SetProperty(d => d.Status, DatasetStatus.Uploaded), cancellationToken);
                break;
            case WorkflowTaskKind.Preprocess or WorkflowTaskKind.BatchPredict:
                var updated = task.OutputDatasetId is { } outputId
                    ? await db.Datasets.Where(d => d.Id == outputId && d.ArtifactId == null)
                        .ExecuteUpdateAsync(set => set.SetProperty(d => d.Status, DatasetStatus.Processing), cancellationToken)
                    : 0;
                if (updated == 0)
                {
                    task.OutputDatasetId = task.Kind == WorkflowTaskKind.Preprocess
                        ? await runs.RecreateOutputAsync(task, cancellationToken)
                        : await scoring.RecreateOutputAsync(task, cancellationToken);
                }
                break;
        }
    }

    private async Task<WorkflowTask?> LockAsync(Guid id, Guid ownerId, CancellationToken cancellationToken) =>
        (await db.Tasks.FromSql($"SELECT * FROM tasks WHERE id = {id} AND owner_id = {ownerId} FOR UPDATE")
            .ToListAsync(cancellationToken)).SingleOrDefault();

    [LoggerMessage(LogLevel.Information,
        "Task {TaskId} cancel requested by {RequestedBy}: now {Status}; Hangfire job {JobId} deleted: {Deleted}")]
    private partial void LogCancelRequested(Guid taskId, string status, string requestedBy, string? jobId, bool deleted);
}
