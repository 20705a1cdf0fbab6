using Hangfire;
using MlWorkflow.Core.Jobs;

namespace MlWorkflow.Core.Deployments;

/// <summary>
/// The recurring Hangfire job of a deployment: every <see cref="Deployment.DriftIntervalMinutes"/> it starts a
/// drift_check task. Created with the deployment, updated with its interval, removed with it.
/// </summary>
public interface IScheduledDriftCheck
{
    /// <summary>Starts a drift_check task for the deployment (nothing when it no longer exists).</summary>
    Task RunAsync(Guid deploymentId, CancellationToken cancellationToken);
}

public static class DriftSchedule
{
    public static string JobId(Guid deploymentId) => $"drift-check:{deploymentId:D}";

    /// <summary>Hangfire's cron for an interval of <see cref="Deployment.DriftIntervalMinutes"/> (a divisor of an hour, or whole hours dividing a day).</summary>
    public static string Cron(int minutes) => minutes switch
    {
        < 60 => $"*/{minutes} * * * *",
        60 => "0 * * * *",
        1440 => "0 0 * * *",
        _ => $"0 */{minutes / 60} * * *",
    };

    public static void Set(IRecurringJobManager jobs, Guid deploymentId, int minutes) =>
        jobs.AddOrUpdate<IScheduledDriftCheck>(JobId(deploymentId), JobQueues.DriftCheck,
            job => job.RunAsync(deploymentId, CancellationToken.None), Cron(minutes), new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });

    public static void Remove(IRecurringJobManager jobs, Guid deploymentId) => jobs.RemoveIfExists(JobId(deploymentId));
}
