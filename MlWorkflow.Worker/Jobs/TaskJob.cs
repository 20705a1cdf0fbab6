using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using MlWorkflow.Core.Data;
using MlWorkflow.Core.Tasks;
using MlWorkflow.Core.Tasks.Execution;
using MlWorkflow.Core.Tasks.Logs;
using Npgsql;
using StackExchange.Redis;

namespace MlWorkflow.Worker.Jobs;

/// <summary>
/// The Hangfire job (<see cref="ITaskJob"/>): loads the task row, marks it running, dispatches by kind and ends
/// the task. Errors caused by the data fail it at once; transient errors are rethrown so Hangfire retries with
/// backoff (<see cref="TaskRetryPolicy"/>); a cancel requested through the Api ends it cancelled; a worker that
/// is stopping rethrows, so Hangfire queues the job again and the next run resumes the same attempt.
/// </summary>
public sealed partial class TaskJob(
    MlWorkflowDbContext db,
    NpgsqlDataSource dataSource,
    IConnectionMultiplexer redis,
    TaskTransitions transitions,
    IServiceProvider services,
    TaskRunners runners,
    ILogger<TaskJob> logger) : ITaskJob
{
    public async Task RunAsync(Guid taskId, CancellationToken cancellationToken)
    {
        // Loading and starting ignore the token: a cancel that lands now is seen by the run (its first check throws),
        // which then ends the task cancelled instead of leaving it pending or running.
        var task = await db.Tasks.AsNoTracking().FirstOrDefaultAsync(t => t.Id == taskId, CancellationToken.None);
        if (task is null || task.IsFinished)
        {
            LogNothingToDo(taskId, task?.Status.ToName() ?? "deleted");
            return;
        }
        using var activity = TaskTelemetry.StartJob(task, task.TraceParent);
        var runner = TaskRunners.Resolve(services, task.Kind);
        var started = Stopwatch.GetTimestamp();
        if (task is { Status: WorkflowTaskStatus.Pending, CancelRequestedBy: { } requestedBy })
        {
            await EndAsync(task, WorkflowTaskStatus.Cancelled, started,
                transitions.CancelAsync(task.Id, $"Cancelled by {requestedBy}", runner?.OnCancelled(task), CancellationToken.None));
            return;
        }
        if (runner is null)
        {
            var kind = task.Kind.ToName();
            await EndAsync(task, WorkflowTaskStatus.Failed, started, transitions.FailAsync(task.Id,
                $"Tasks of kind '{kind}' are not available on this worker, which runs {runners.Describe()} tasks. " +
                $"Retry the task once a worker that runs '{kind}' tasks is deployed.", null, CancellationToken.None));
            return;
        }

        var resumed = task.Status == WorkflowTaskStatus.Running;
        var detail = resumed
            ? $"resumed after the previous run stopped (attempt {task.Attempt}, on {Worker})"
            : $"started (attempt {task.Attempt}, on {Worker})";
        if (!await transitions.StartAsync(task.Id, detail, runner.OnStarting(task), CancellationToken.None))
        {
            LogNotStartable(taskId);
            return;
        }
        TaskTelemetry.Started(task.Kind, resumed ? null : DateTimeOffset.UtcNow - task.EnqueuedAt);
        await using var log = new TaskLogEmitter(task.Id, dataSource, redis, logger);
        try
        {
            var outcome = await runner.RunAsync(task, log, cancellationToken);
            await log.FlushAsync(CancellationToken.None);
            var completed = await EndAsync(task, WorkflowTaskStatus.Completed, started,
                transitions.CompleteAsync(task.Id, outcome.ResultJson, outcome.Detail, outcome.Outputs, CancellationToken.None));
            if (completed && outcome.AfterCommit is { } afterCommit)
            {
                await afterCommit(CancellationToken.None);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            var by = await db.Tasks.AsNoTracking().Where(t => t.Id == taskId).Select(t => t.CancelRequestedBy).FirstOrDefaultAsync(CancellationToken.None);
            if (by is null)
            {
                LogRequeued(taskId);
                log.Emit(TaskLogLevels.Warning, "worker", "The worker is stopping; the task is queued again and continues on another run.");
                await log.FlushAsync(CancellationToken.None);
                throw;
            }
            await log.FlushAsync(CancellationToken.None);
            await EndAsync(task, WorkflowTaskStatus.Cancelled, started,
                transitions.CancelAsync(task.Id, $"Cancelled by {by}", runner.OnCancelled(task), CancellationToken.None));
        }
        catch (TaskDataException e)
        {
            await FailAsync(task, runner, started, log, e.Message);
        }
        catch (Exception e) when (TaskErrors.IsTransient(e))
        {
            LogTransient(e, taskId);
            log.Emit(TaskLogLevels.Warning, "retry", $"A temporary error stopped this run ({e.GetType().Name}: {e.Message}); it is retried automatically.");
            throw;
        }
        catch (Exception e)
        {
            LogUnexpected(e, taskId);
            activity?.AddException(e);
            await FailAsync(task, runner, started, log,
                $"The task failed with an unexpected error ({e.GetType().Name}: {e.Message}). Retry it; if it fails again, report the task id {task.Id}.");
        }
    }

    private static string Worker => $"{Environment.MachineName}, process {Environment.ProcessId}";

    private async Task FailAsync(WorkflowTask task, ITaskRunner runner, long started, TaskLogEmitter log, string error)
    {
        await log.FlushAsync(CancellationToken.None);
        await EndAsync(task, WorkflowTaskStatus.Failed, started,
            transitions.FailAsync(task.Id, error, runner.OnFailed(task), CancellationToken.None));
    }

    private async Task<bool> EndAsync(WorkflowTask task, WorkflowTaskStatus status, long started, Task<bool> transition)
    {
        var changed = await transition;
        if (changed)
        {
            TaskTelemetry.Finished(task.Kind, status, Stopwatch.GetElapsedTime(started));
            Activity.Current?.SetTag("mlworkflow.task.status", status.ToName());
            if (status == WorkflowTaskStatus.Failed)
            {
                Activity.Current?.SetStatus(ActivityStatusCode.Error, "The task failed.");
            }
            LogEnded(task.Id, status.ToName());
        }
        else
        {
            LogNotStartable(task.Id);
        }
        return changed;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Task {TaskId}: nothing to do ({Status})")]
    private partial void LogNothingToDo(Guid taskId, string status);

    [LoggerMessage(Level = LogLevel.Information, Message = "Task {TaskId} changed meanwhile (cancelled or finished elsewhere); this run stops")]
    private partial void LogNotStartable(Guid taskId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Task {TaskId} ended {Status}")]
    private partial void LogEnded(Guid taskId, string status);

    [LoggerMessage(Level = LogLevel.Information, Message = "Task {TaskId}: the worker is stopping; Hangfire queues the job again")]
    private partial void LogRequeued(Guid taskId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Task {TaskId}: transient error; Hangfire retries the job")]
    private partial void LogTransient(Exception exception, Guid taskId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Task {TaskId} failed with an unexpected error")]
    private partial void LogUnexpected(Exception exception, Guid taskId);
}
