using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using MlWorkflow.Core.Tasks.Logs;
using MlWorkflow.Tests.Infrastructure;
using Npgsql;
using StackExchange.Redis;

namespace MlWorkflow.Benchmarks.LogPath;

/// <summary>
/// The live log path, <see cref="TaskLogEmitter"/> (batches into task_logs, publishes on Redis) → the Api's
/// /ws/logs broker → a WebSocket client, side by side in the same run with a client that polls
/// GET /api/logs every second (how Hangfire.Console shows logs). Both clients follow the same task at the
/// same time. Burst: entries/s until the last entry reaches each client. Paced: latency (entry ts → client)
/// at a steady rate. The Api runs as a separate process; the emitter runs here, as in a worker.
/// </summary>
public static class LogPathBenchmark
{
    public static async Task<int> RunAsync(BenchmarkOptions options)
    {
        await using var postgres = await PostgresServer.StartAsync();
        await using var redisServer = await RedisServer.StartAsync();
        var database = await postgres.CreateDatabaseAsync("logpath");
        await using var api = await ApiProcess.StartAsync(database, redisServer.ConnectionString);
        await using var dataSource = NpgsqlDataSource.Create(database);
        await using var redis = await ConnectionMultiplexer.ConnectAsync(redisServer.ConnectionString);

        var burst = options.Entries;
        var pacedRate = options.PerSecond;
        var pacedSeconds = 10;
        Console.WriteLine($"burst: {burst:N0} entries as fast as the emitter takes them; paced: {pacedRate:N0} entries/s for {pacedSeconds} s");

        var rows = new List<string>();
        for (var run = 1; run <= options.Runs; run++)
        {
            var burstResult = await MeasureAsync(api, dataSource, redis, burst, perSecond: 0);
            var paced = await MeasureAsync(api, dataSource, redis, pacedRate * pacedSeconds, pacedRate);
            rows.Add($"| {run} | WebSocket (ours) | {burstResult.WebSocket.PerSecond:N0} | {paced.WebSocket.P50:F1} | {paced.WebSocket.P99:F1} | {paced.WebSocket.Max:F1} |");
            rows.Add($"| {run} | polling GET /api/logs every 1 s | {burstResult.Polling.PerSecond:N0} | {paced.Polling.P50:F1} | {paced.Polling.P99:F1} | {paced.Polling.Max:F1} |");
            Console.WriteLine(rows[^2]);
            Console.WriteLine(rows[^1]);
        }

        Console.WriteLine();
        Console.WriteLine($"| run | client | burst entries/s ({burst:N0} entries) | p50 ms at {pacedRate:N0}/s | p99 ms | max ms |");
        Console.WriteLine("|---|---|---|---|---|---|");
        rows.ForEach(Console.WriteLine);
        return 0;
    }

    private static async Task<(ClientResult WebSocket, ClientResult Polling)> MeasureAsync(
        ApiProcess api, NpgsqlDataSource dataSource, IConnectionMultiplexer redis, int entries, int perSecond)
    {
        var taskId = await api.UploadForTaskAsync();
        var after = await LastSeqAsync(dataSource, taskId);
        var last = after + entries;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var webSocket = new WebSocketLogClient(api, taskId, after);
        await webSocket.ConnectAsync(timeout.Token);
        var polling = new PollingLogClient(api, taskId, after);
        var webSocketRun = webSocket.ReceiveUntilAsync(last, timeout.Token);
        var pollingRun = polling.ReceiveUntilAsync(last, timeout.Token);

        var started = Stopwatch.GetTimestamp();
        await using (var emitter = new TaskLogEmitter(taskId, dataSource, redis, NullLogger.Instance))
        {
            var message = "epoch 12: loss 0.4183, accuracy 0.8721, 1,204 rows/s";
            for (var i = 0; i < entries; i++)
            {
                if (perSecond > 0)
                {
                    var due = TimeSpan.FromSeconds((double)i / perSecond);
                    var elapsed = Stopwatch.GetElapsedTime(started);
                    if (due > elapsed)
                    {
                        await Task.Delay(due - elapsed, timeout.Token);
                    }
                }
                emitter.Emit(TaskLogLevels.Info, "train", message);
            }
        }
        var webSocketResult = await webSocketRun;
        var pollingResult = await pollingRun;
        return (webSocketResult.Summarize(entries, started), pollingResult.Summarize(entries, started));
    }

    private static async Task<long> LastSeqAsync(NpgsqlDataSource dataSource, Guid taskId)
    {
        await using var command = dataSource.CreateCommand("SELECT last_log_seq FROM tasks WHERE id = @id");
        command.Parameters.AddWithValue("id", taskId);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}

/// <summary>What one client saw: per entry, how long after its ts it arrived; and when the last one arrived.</summary>
public sealed class ClientObservations
{
    private readonly List<double> _latencies = new(100_000);

    public long LastArrival { get; private set; }

    public void Add(DateTimeOffset ts, DateTimeOffset arrivedAt, long arrival)
    {
        _latencies.Add((arrivedAt - ts).TotalMilliseconds);
        LastArrival = arrival;
    }

    public ClientResult Summarize(int entries, long started)
    {
        if (_latencies.Count != entries)
        {
            throw new InvalidOperationException($"The client received {_latencies.Count} entries, not {entries}.");
        }
        double[] sorted = [.. _latencies.Order()];
        var seconds = Stopwatch.GetElapsedTime(started, LastArrival).TotalSeconds;
        return new ClientResult(entries / seconds, Percentile(sorted, 0.5), Percentile(sorted, 0.99), sorted[^1]);
    }

    private static double Percentile(double[] sorted, double p) => sorted[(int)Math.Clamp(Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}

public sealed record ClientResult(double PerSecond, double P50, double P99, double Max);
