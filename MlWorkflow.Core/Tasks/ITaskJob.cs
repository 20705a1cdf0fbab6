namespace MlWorkflow.Core.Tasks;

/// <summary>
/// The one Hangfire job type. The Api enqueues <c>RunAsync(taskId, CancellationToken.None)</c> on the queue of
/// the task's kind (Hangfire swaps in the job's real token); the Worker implements it: it loads the task row
/// and dispatches by kind. Keeping the job to an id means a re-queued job always sees the task's current state.
/// </summary>
public interface ITaskJob
{
    Task RunAsync(Guid taskId, CancellationToken cancellationToken);
}
