using Npgsql;

namespace MlWorkflow.Worker.Jobs;

/// <summary>
/// A sweep every worker runs when it starts and then every <see cref="Interval"/>. Sweeps are written so that several workers sweeping at once
/// do each piece of work once (conditional updates); a sweep that fails on the database is tried again next time.
/// </summary>
public abstract partial class PeriodicSweep(TimeProvider time, ILogger logger) : BackgroundService
{
    protected TimeProvider Time { get; } = time;

    protected abstract TimeSpan Interval { get; }

    /// <returns>How many items it handled.</returns>
    public abstract Task<int> SweepAsync(CancellationToken cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, Time);
        do
        {
            try
            {
                await SweepAsync(stoppingToken);
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
            {
                LogSweepFailed(e, GetType().Name);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Sweep} failed; trying again at its next interval")]
    private partial void LogSweepFailed(Exception exception, string sweep);
}
