using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using Microsoft.EntityFrameworkCore;
using MlWorkflow.Core.Data;
using MlWorkflow.Core.Tasks;
using MlWorkflow.Core.Tasks.Execution;

namespace MlWorkflow.Worker.Jobs;

/// <summary>
/// Retries for task jobs. <see cref="TaskJob"/> rethrows only transient errors, so only those reach Hangfire:
/// it retries them after <see cref="DelaysInSeconds"/>, <see cref="Attempts"/> times; then the job fails and
/// <see cref="TaskRetriesExhaustedFilter"/> ends the task failed, so no task stays "running" forever.
/// </summary>
public static class TaskRetryPolicy
{
    public const int Attempts = 5;

    public static readonly int[] DelaysInSeconds = [2, 10, 30, 60, 120];

    public static void Apply(IGlobalConfiguration configuration, IServiceProvider services) =>
        configuration
            .UseFilter(new AutomaticRetryAttribute { Attempts = Attempts, DelaysInSeconds = DelaysInSeconds, OnAttemptsExceeded = AttemptsExceededAction.Fail })
            .UseFilter(new TaskRetriesExhaustedFilter(services));
}

/// <summary>When a task job's retries are used up (its Hangfire state becomes Failed), the task ends failed.</summary>
public sealed class TaskRetriesExhaustedFilter : JobFilterAttribute, IElectStateFilter
{
    private readonly IServiceProvider _services;

    public TaskRetriesExhaustedFilter(IServiceProvider services)
    {
        _services = services;
        // After AutomaticRetryAttribute (order 20), which turns Failed into Scheduled while attempts remain.
        Order = 100;
    }

    public void OnStateElection(ElectStateContext context)
    {
        if (context.CandidateState is not FailedState failed
            || context.BackgroundJob.Job?.Type != typeof(ITaskJob)
            || context.BackgroundJob.Job.Args is not [Guid taskId, ..])
        {
            return;
        }
        using var scope = _services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<MlWorkflowDbContext>();
        var task = db.Tasks.AsNoTracking().FirstOrDefault(t => t.Id == taskId);
        if (task is null)
        {
            return;
        }
        var work = scope.ServiceProvider.GetServices<ITaskRunner>().FirstOrDefault(r => r.Kind == task.Kind)?.OnFailed(task);
        var error = $"The task stopped on temporary errors {TaskRetryPolicy.Attempts + 1} times in a row " +
            $"(last: {failed.Exception.GetType().Name}: {failed.Exception.Message}). Check that the database is reachable, then retry the task.";
        // Hangfire runs filters synchronously, on its own worker thread.
        var transitions = scope.ServiceProvider.GetRequiredService<TaskTransitions>();
        if (transitions.FailAsync(taskId, error, work, CancellationToken.None).GetAwaiter().GetResult())
        {
            TaskTelemetry.Finished(task.Kind, WorkflowTaskStatus.Failed, DateTimeOffset.UtcNow - (task.StartedAt ?? task.EnqueuedAt));
        }
    }
}
