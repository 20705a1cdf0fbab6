using System.Globalization;
using Hangfire;
using Hangfire.States;
using Microsoft.EntityFrameworkCore;
using MlWorkflow.Core.Data;
using MlWorkflow.Core.Tasks.Execution;
using Npgsql;

namespace MlWorkflow.Worker.Jobs;

/// <summary>
/// Ends tasks whose cancel nobody could carry out. <c>POST /api/cancel</c> on a running task records who asked and
/// deletes its Hangfire job, and the worker running it ends it within a second. But when that worker had died, the
/// deleted job is never run again and the task would stay "running" for ever. So every worker checks, every
/// <see cref="Interval"/>, for running tasks with a cancel request whose job has been deleted for longer than
/// <c>Worker:CancelGraceSeconds</c> (default 30), and ends them cancelled. The status change is conditional,
/// so when several workers (or a late job) race, exactly one writes it.
/// </summary>
public sealed partial class OrphanedCancelSweeper(
    NpgsqlDataSource dataSource,
    IServiceScopeFactory scopes,
    JobStorage storage,
    TaskTransitions transitions,
    IConfiguration configuration,
    TimeProvider time,
    ILogger<OrphanedCancelSweeper> logger) : PeriodicSweep(time, logger)
{
    public const string GraceSetting = "Worker:CancelGraceSeconds";

    private readonly TimeSpan _grace = ReadGrace(configuration);

    protected override TimeSpan Interval => _grace < TimeSpan.FromSeconds(10) ? _grace : TimeSpan.FromSeconds(10);

    /// <returns>How many tasks it ended.</returns>
    public override async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var candidates = new List<(Guid Id, string? JobId, string By)>();
        await using (var command = dataSource.CreateCommand(
            "SELECT id, job_id, cancel_requested_by FROM tasks WHERE status = 'running' AND cancel_requested_by IS NOT NULL"))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                candidates.Add((reader.GetGuid(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetString(2)));
            }
        }
        var ended = 0;
        foreach (var (id, jobId, by) in candidates)
        {
            if (!IsAbandoned(jobId))
            {
                continue;
            }
            var detail = string.Create(CultureInfo.InvariantCulture,
                $"Cancelled by {by} (the worker running it had stopped; ended by {Environment.MachineName})");
            // The writes that go with a cancel are the task kind's own (a profile restores its dataset, a pipeline run
            // removes the dataset it was writing).
            await using var scope = scopes.CreateAsyncScope();
            var task = await scope.ServiceProvider.GetRequiredService<MlWorkflowDbContext>().Tasks.AsNoTracking()
                .FirstOrDefaultAsync(t => t.Id == id, cancellationToken);
            var work = task is null ? null : TaskRunners.Resolve(scope.ServiceProvider, task.Kind)?.OnCancelled(task);
            if (task is not null && await transitions.CancelAsync(id, detail, work, cancellationToken))
            {
                ended++;
                LogEnded(id, by);
            }
        }
        return ended;
    }

    /// <summary>True when the job is gone or has been deleted for longer than the grace period.</summary>
    private bool IsAbandoned(string? jobId)
    {
        if (jobId is null)
        {
            return true;
        }
        var details = storage.GetMonitoringApi().JobDetails(jobId);
        if (details is null)
        {
            return true;
        }
        var deleted = details.History.FirstOrDefault(h => h.StateName == DeletedState.StateName);
        return deleted is not null && Time.GetUtcNow().UtcDateTime - deleted.CreatedAt > _grace;
    }

    private static TimeSpan ReadGrace(IConfiguration configuration)
    {
        var setting = configuration[GraceSetting];
        if (string.IsNullOrWhiteSpace(setting))
        {
            return TimeSpan.FromSeconds(30);
        }
        if (!int.TryParse(setting, CultureInfo.InvariantCulture, out var seconds) || seconds is < 1 or > 3600)
        {
            throw new InvalidOperationException(
                $"{GraceSetting} is '{setting}'; it must be a whole number of seconds from 1 to 3600 (how long a cancelled " +
                $"task's job may stay deleted before its task is ended for it), e.g. Worker__CancelGraceSeconds=30.");
        }
        return TimeSpan.FromSeconds(seconds);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Task {TaskId}: its worker had stopped, so its cancel (asked by {By}) was carried out here")]
    private partial void LogEnded(Guid taskId, string by);
}
