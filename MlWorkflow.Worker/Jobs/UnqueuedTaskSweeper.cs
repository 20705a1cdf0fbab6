using Microsoft.EntityFrameworkCore;
using MlWorkflow.Core.Data;
using MlWorkflow.Core.Tasks;

namespace MlWorkflow.Worker.Jobs;

/// <summary>
/// Queues the job of pending tasks that have none. A task is written first and its job queued after commit (by the Api,
/// or by a worker for the profile of a pipeline's output); a process that stops in between would leave the task
/// pending for ever. After <see cref="Grace"/> without a job, it is queued here.
/// </summary>
public sealed partial class UnqueuedTaskSweeper(IServiceScopeFactory scopes, TimeProvider time, ILogger<UnqueuedTaskSweeper> logger)
    : PeriodicSweep(time, logger)
{
    public static readonly TimeSpan Grace = TimeSpan.FromMinutes(1);

    protected override TimeSpan Interval => TimeSpan.FromSeconds(30);

    public override async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MlWorkflowDbContext>();
        var enqueuer = scope.ServiceProvider.GetRequiredService<TaskEnqueuer>();
        var before = Time.GetUtcNow() - Grace;
        var stranded = await db.Tasks.AsNoTracking()
            .Where(t => t.Status == WorkflowTaskStatus.Pending && t.JobId == null && t.EnqueuedAt < before)
            .OrderBy(t => t.EnqueuedAt).Take(100).ToListAsync(cancellationToken);
        foreach (var task in stranded)
        {
            // Only one sweeping worker claims a task: the one whose update finds the job id still unset.
            var claimed = await db.Tasks.Where(t => t.Id == task.Id && t.JobId == null)
                .ExecuteUpdateAsync(set => set.SetProperty(t => t.JobId, "queuing"), cancellationToken);
            if (claimed == 1)
            {
                await enqueuer.EnqueueAsync(new PendingTask(task, []), cancellationToken);
                LogQueued(task.Id, task.Kind.ToName());
            }
        }
        return stranded.Count;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Task {TaskId} ({Kind}) was pending without a job; its job is queued now")]
    private partial void LogQueued(Guid taskId, string kind);
}
