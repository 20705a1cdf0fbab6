using Microsoft.Extensions.Options;
using Npgsql;

namespace MlWorkflow.Api.Deployments.Serving;

/// <summary>
/// Every <see cref="ServingOptions.StatsFlushInterval"/>, adds the counts of <see cref="ServingStats"/> to
/// <c>deployment_stats</c> (one upsert per deployment and minute; the latency histograms add element-wise), and once
/// more on shutdown. Counts of a deployment deleted meanwhile are dropped; counts that fail to write are retried.
/// </summary>
public sealed partial class ServingStatsWriter(NpgsqlDataSource dataSource, ServingStats stats, IOptions<ServingOptions> options, ILogger<ServingStatsWriter> logger)
    : BackgroundService
{
    private const string Upsert = """
        INSERT INTO deployment_stats AS s (deployment_id, minute, requests, errors, rows, unlogged_rows, latency)
        SELECT $1, $2, $3, $4, $5, $6, $7 WHERE EXISTS (SELECT 1 FROM deployments WHERE id = $1)
        ON CONFLICT (deployment_id, minute) DO UPDATE SET
            requests = s.requests + excluded.requests,
            errors = s.errors + excluded.errors,
            rows = s.rows + excluded.rows,
            unlogged_rows = s.unlogged_rows + excluded.unlogged_rows,
            latency = ARRAY(SELECT coalesce(a, 0) + coalesce(b, 0)
                            FROM unnest(s.latency, excluded.latency) WITH ORDINALITY AS t(a, b, i) ORDER BY i)
        """;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.StatsFlushInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await FlushAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        // What the last second counted, on the way out.
        using var last = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await FlushAsync(last.Token);
    }

    /// <summary>Writes what was counted since the last flush.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        var counts = stats.Take();
        if (counts.Count == 0)
        {
            return;
        }
        try
        {
            await using var batch = dataSource.CreateBatch();
            foreach (var c in counts)
            {
                var command = new NpgsqlBatchCommand(Upsert);
                command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = c.DeploymentId });
                command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = c.Minute });
                command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = c.Requests });
                command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = c.Errors });
                command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = c.Rows });
                command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = c.UnloggedRows });
                command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = c.Latency });
                batch.BatchCommands.Add(command);
            }
            await batch.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (Exception e) when (e is NpgsqlException or OperationCanceledException or TimeoutException)
        {
            stats.PutBack(counts);
            LogFlushFailed(e, counts.Count);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not write {Count} per-minute deployment stats; they are kept for the next flush")]
    private partial void LogFlushFailed(Exception exception, int count);
}
