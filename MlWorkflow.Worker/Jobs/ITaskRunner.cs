using MlWorkflow.Core.Tasks;
using MlWorkflow.Core.Tasks.Execution;
using MlWorkflow.Core.Tasks.Logs;

namespace MlWorkflow.Worker.Jobs;

/// <summary>Runs the tasks of one kind for <see cref="TaskJob"/>, which owns the status changes around it.</summary>
public interface ITaskRunner
{
    /// <summary>Writes that commit with running (e.g. the dataset becomes "profiling").</summary>
    TransitionWork? OnStarting(WorkflowTask task);

    /// <summary>
    /// Does the work, logging to <paramref name="log"/>. Must be idempotent: a re-run replaces the outputs.
    /// Throws <see cref="TaskDataException"/> for errors caused by the data (the task fails at once).
    /// </summary>
    Task<TaskOutcome> RunAsync(WorkflowTask task, TaskLogEmitter log, CancellationToken cancellationToken);

    /// <summary>Writes that commit with failed (e.g. the dataset becomes "failed").</summary>
    TransitionWork? OnFailed(WorkflowTask task);

    /// <summary>Writes that commit with cancelled.</summary>
    TransitionWork? OnCancelled(WorkflowTask task);
}

/// <param name="ResultJson">The task's result (a small JSON summary).</param>
/// <param name="Detail">The text after "completed: " in the status entry.</param>
/// <param name="Outputs">The outputs, written in the transaction that completes the task, so they exist once.</param>
/// <param name="AfterCommit">Runs once the task is completed (e.g. queues the job of a task the outputs added).</param>
public sealed record TaskOutcome(string ResultJson, string Detail, TransitionWork? Outputs, Func<CancellationToken, Task>? AfterCommit = null);
