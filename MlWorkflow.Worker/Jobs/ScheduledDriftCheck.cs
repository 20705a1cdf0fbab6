using Hangfire;
using Microsoft.EntityFrameworkCore;
using MlWorkflow.Core.Data;
using MlWorkflow.Core.Deployments;
using MlWorkflow.Core.Tasks;

namespace MlWorkflow.Worker.Jobs;

/// <summary>
/// A deployment's recurring job: starts a drift_check task when enough rows were logged since the last check (an idle
/// deployment does not fill the task list with empty checks), and removes the schedule of a deployment that is gone.
/// </summary>
public sealed partial class ScheduledDriftCheck(
    MlWorkflowDbContext db, TaskEnqueuer tasks, IRecurringJobManager schedules, ILogger<ScheduledDriftCheck> logger) : IScheduledDriftCheck
{
    /// <summary>A scheduled check waits for this many new logged rows (an on-demand check does not).</summary>
    public const int MinimumNewRows = 100;

    public async Task RunAsync(Guid deploymentId, CancellationToken cancellationToken)
    {
        var deployment = await db.Deployments.AsNoTracking().Where(d => d.Id == deploymentId)
            .Select(d => new { d.OwnerId, d.DriftCheckedThroughLogId }).SingleOrDefaultAsync(cancellationToken);
        if (deployment is null)
        {
            DriftSchedule.Remove(schedules, deploymentId);
            LogRemoved(deploymentId);
            return;
        }
        var newRows = await db.PredictionLogs.Where(p => p.DeploymentId == deploymentId && p.Id > deployment.DriftCheckedThroughLogId)
            .Take(MinimumNewRows).CountAsync(cancellationToken);
        if (newRows < MinimumNewRows)
        {
            LogSkipped(deploymentId, newRows, MinimumNewRows);
            return;
        }
        var task = await tasks.CreateAsync(deployment.OwnerId, WorkflowTaskKind.DriftCheck, null,
            new DriftCheckTaskParameters(deploymentId, Scheduled: true).ToJson(), cancellationToken);
        LogStarted(deploymentId, task.Id);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Deployment {DeploymentId} no longer exists; its drift check schedule is removed")]
    private partial void LogRemoved(Guid deploymentId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Deployment {DeploymentId}: {Rows} new logged rows, fewer than {Minimum}; no drift check this time")]
    private partial void LogSkipped(Guid deploymentId, int rows, int minimum);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deployment {DeploymentId}: scheduled drift check started as task {TaskId}")]
    private partial void LogStarted(Guid deploymentId, Guid taskId);
}
