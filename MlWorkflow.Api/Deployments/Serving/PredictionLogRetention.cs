using Microsoft.Extensions.Options;
using Npgsql;

namespace MlWorkflow.Api.Deployments.Serving;

/// <summary>
/// Deletes prediction log rows (and per-minute stats) older than their deployment's <c>log_retention_days</c>, a minute after start and then every
/// <see cref="ServingOptions.RetentionSweepInterval"/>, in batches of <see cref="BatchRows"/> so no delete holds locks
/// for long. One replica sweeps at a time (a session advisory lock); the others skip that round.
/// </summary>
public sealed partial class PredictionLogRetention(
    NpgsqlDataSource dataSource, IOptions<ServingOptions> options, TimeProvider time, ILogger<PredictionLogRetention> logger) : BackgroundService
{
    public const int BatchRows = 5_000;

    // Any fixed number: it names this sweep's advisory lock.
    private const long LockKey = 0x6d6c775f72657431;

    private const string DeleteBatch = """
        DELETE FROM prediction_logs WHERE id IN (
            SELECT id FROM prediction_logs WHERE deployment_id = $1 AND created_at < $2 LIMIT $3)
        """;

    // Per-minute stats (a row a minute at most) go with the same retention.
    private const string DeleteStats = """
        DELETE FROM deployment_stats s USING deployments d
        WHERE s.deployment_id = d.id AND s.minute < $1 - make_interval(days => d.log_retention_days)
        """;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.RetentionSweepInterval;
        try
        {
            await Task.Delay(interval < TimeSpan.FromMinutes(1) ? interval : TimeSpan.FromMinutes(1), time, stoppingToken);
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await SweepAsync(stoppingToken);
                }
                catch (Exception e) when (e is NpgsqlException or TimeoutException)
                {
                    LogSweepFailed(e);
                }
                await Task.Delay(interval, time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>One sweep over every deployment; returns the rows deleted (0 when another replica is sweeping).</summary>
    public async Task<long> SweepAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using (var locking = new NpgsqlCommand("SELECT pg_try_advisory_lock($1)", connection))
        {
            locking.Parameters.Add(new NpgsqlParameter<long> { TypedValue = LockKey });
            if (await locking.ExecuteScalarAsync(cancellationToken) is not true)
            {
                return 0;
            }
        }
        try
        {
            var deployments = new List<(Guid Id, int Days)>();
            await using (var list = new NpgsqlCommand("SELECT id, log_retention_days FROM deployments", connection))
            await using (var reader = await list.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    deployments.Add((reader.GetGuid(0), reader.GetInt32(1)));
                }
            }
            long deleted = 0;
            var now = time.GetUtcNow();
            foreach (var (id, days) in deployments)
            {
                int batch;
                do
                {
                    await using var delete = new NpgsqlCommand(DeleteBatch, connection);
                    delete.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = id });
                    delete.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now.AddDays(-days) });
                    delete.Parameters.Add(new NpgsqlParameter<int> { TypedValue = BatchRows });
                    batch = await delete.ExecuteNonQueryAsync(cancellationToken);
                    deleted += batch;
                }
                while (batch == BatchRows);
            }
            await using (var stats = new NpgsqlCommand(DeleteStats, connection))
            {
                stats.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now });
                await stats.ExecuteNonQueryAsync(cancellationToken);
            }
            if (deleted > 0)
            {
                LogSwept(deleted, deployments.Count);
            }
            return deleted;
        }
        finally
        {
            await using var unlock = new NpgsqlCommand("SELECT pg_advisory_unlock($1)", connection);
            unlock.Parameters.Add(new NpgsqlParameter<long> { TypedValue = LockKey });
            await unlock.ExecuteScalarAsync(CancellationToken.None);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Rows} prediction log rows past retention over {Deployments} deployments")]
    private partial void LogSwept(long rows, int deployments);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The prediction log retention sweep failed; it runs again at the next interval")]
    private partial void LogSweepFailed(Exception exception);
}
