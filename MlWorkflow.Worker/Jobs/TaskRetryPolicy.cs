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
/// <c>Worker:RetryAttempts</c> (default 5) and <c>Worker:RetryDelaysSeconds</c> (comma-separated, default 2,10,30,60,120).
/// </summary>
public sealed record TaskRetryPolicy(int Attempts, IReadOnlyList<int> DelaysInSeconds)
{
    public static TaskRetryPolicy Default { get; } = new(5, [2, 10, 30, 60, 120]);

    /// <summary>How often a server moves due retries back to their queue: no later than the shortest delay needs.</summary>
    public TimeSpan SchedulePollingInterval => TimeSpan.FromSeconds(Math.Clamp(DelaysInSeconds.Min(), 1, 15));

    public static TaskRetryPolicy From(IConfiguration configuration)
    {
        var attempts = Default.Attempts;
        var attemptsSetting = configuration["Worker:RetryAttempts"];
        if (!string.IsNullOrWhiteSpace(attemptsSetting) && (!int.TryParse(attemptsSetting, out attempts) || attempts is < 0 or > 100))
        {
            throw new InvalidOperationException(
                $"Worker:RetryAttempts is '{attemptsSetting}'; it must be a whole number from 0 to 100 (retries after a transient error), e.g. Worker__RetryAttempts=5.");
        }
        var delaysSetting = configuration["Worker:RetryDelaysSeconds"];
        if (string.IsNullOrWhiteSpace(delaysSetting))
        {
            return Default with { Attempts = attempts };
        }
        var delays = new List<int>();
        foreach (var part in delaysSetting.Split(','))
        {
            if (!int.TryParse(part.Trim(), out var delay) || delay is < 1 or > 86_400)
            {
                throw new InvalidOperationException(
                    $"Worker:RetryDelaysSeconds is '{delaysSetting}'; it must list whole seconds from 1 to 86400, comma-separated, e.g. Worker__RetryDelaysSeconds=2,10,30.");
            }
            delays.Add(delay);
        }
        return new TaskRetryPolicy(attempts, delays);
    }

    public void Apply(IGlobalConfiguration configuration, IServiceProvider services) =>
        configuration
            .UseFilter(new AutomaticRetryAttribute { Attempts = Attempts, DelaysInSeconds = [.. DelaysInSeconds], OnAttemptsExceeded = AttemptsExceededAction.Fail })
            .UseFilter(new TaskRetriesExhaustedFilter(services, Attempts));
}

/// <summary>When a task job's retries are used up (its Hangfire state becomes Failed), the task ends failed.</summary>
public sealed class TaskRetriesExhaustedFilter : JobFilterAttribute, IElectStateFilter
{
    private readonly IServiceProvider _services;
    private readonly int _attempts;

    public TaskRetriesExhaustedFilter(IServiceProvider services, int attempts)
    {
        _services = services;
        _attempts = attempts;
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
        var work = TaskRunners.Resolve(scope.ServiceProvider, task.Kind)?.OnFailed(task);
        var error = $"The task stopped on temporary errors {_attempts + 1} times in a row " +
            $"(last: {failed.Exception.GetType().Name}: {failed.Exception.Message}). Check that the database is reachable, then retry the task.";
        // Hangfire runs filters synchronously, on its own worker thread.
        var transitions = scope.ServiceProvider.GetRequiredService<TaskTransitions>();
        if (transitions.FailAsync(taskId, error, work, CancellationToken.None).GetAwaiter().GetResult())
        {
            TaskTelemetry.Finished(task.Kind, WorkflowTaskStatus.Failed, DateTimeOffset.UtcNow - (task.StartedAt ?? task.EnqueuedAt));
        }
    }
}
