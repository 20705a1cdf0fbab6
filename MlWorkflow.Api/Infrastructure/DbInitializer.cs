using MlWorkflow.Core.Data;

namespace MlWorkflow.Api.Infrastructure;

/// <summary>
/// Applies the EF migrations at start-up (see <see cref="DatabaseMigrator"/>: safe with several
/// replicas), retrying with back-off while the database is unreachable.
/// </summary>
public sealed partial class DbInitializer(
    IServiceScopeFactory scopeFactory, DatabaseMigrationState state, ILogger<DbInitializer> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        for (var attempt = 1; !stoppingToken.IsCancellationRequested; attempt++)
        {
            try
            {
                await using var scope = scopeFactory.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<DatabaseMigrator>().MigrateAsync(stoppingToken);
                state.MarkCompleted();
                return;
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                state.MarkFailed(e);
                var delay = TimeSpan.FromSeconds(Math.Min(30, Math.Pow(2, attempt - 1)));
                LogMigrationFailed(e, attempt, delay.TotalSeconds);
                await Task.Delay(delay, stoppingToken);
            }
        }
    }

    [LoggerMessage(LogLevel.Error, "Database migration attempt {Attempt} failed; retrying in {DelaySeconds} s")]
    private partial void LogMigrationFailed(Exception exception, int attempt, double delaySeconds);
}
