using MlWorkflow.Tests.Infrastructure;
using MlWorkflow.Tests.Web;
using Npgsql;

namespace MlWorkflow.Benchmarks.Pickup;

/// <summary>
/// The whole path a user waits on: <c>POST /api/upload</c> creates the profile task (its <c>enqueued_at</c>) and
/// enqueues its job; the Worker process picks it up, loads the row and marks it running (<c>started_at</c>).
/// Real Api and Worker processes (Release), uploads at a steady rate.
/// </summary>
public static class EndToEndPickup
{
    public static async Task<double[]> MeasureAsync(PostgresServer postgres, BenchmarkOptions options)
    {
        await using var redis = await RedisServer.StartAsync();
        var database = await postgres.CreateDatabaseAsync("pickup_e2e");
        await using var api = await ApiProcess.StartAsync(database, redis.ConnectionString);
        await using var worker = await AppServer.StartAsync("MlWorkflow.Worker", new Dictionary<string, string>
        {
            ["ConnectionStrings:mlworkflowdb"] = database,
            ["ConnectionStrings:cache"] = redis.ConnectionString,
            ["Worker:Count"] = "2",
            ["environment"] = "Production",
            ["Logging:LogLevel:Default"] = "Warning",
        }, CancellationToken.None);
        await Task.Delay(TimeSpan.FromSeconds(2));

        var interval = TimeSpan.FromSeconds(1.0 / options.PerSecond);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < options.Tasks; i++)
        {
            var due = interval * i;
            if (due > clock.Elapsed)
            {
                await Task.Delay(due - clock.Elapsed);
            }
            await api.UploadForTaskAsync();
        }

        await using var dataSource = NpgsqlDataSource.Create(database);
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (true)
        {
            await using var count = dataSource.CreateCommand("SELECT count(*) FROM tasks WHERE finished_at IS NULL");
            if ((long)(await count.ExecuteScalarAsync())! == 0)
            {
                break;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("Not every task finished within 2 minutes.");
            }
            await Task.Delay(200);
        }
        await PrintBreakdownAsync(dataSource);
        await using var waits = dataSource.CreateCommand(
            "SELECT extract(epoch FROM started_at - enqueued_at)::float8 * 1000 FROM tasks ORDER BY 1");
        await using var reader = await waits.ExecuteReaderAsync();
        var latencies = new List<double>();
        while (await reader.ReadAsync())
        {
            latencies.Add(reader.GetDouble(0));
        }
        return [.. latencies];
    }

    /// <summary>Where the time goes, p50 and p90 per stage: row → job created → job processing → task running → finished.</summary>
    private static async Task PrintBreakdownAsync(NpgsqlDataSource dataSource)
    {
        string[] stages =
        [
            "(j.createdat AT TIME ZONE 'UTC') - t.enqueued_at",
            "(s.createdat AT TIME ZONE 'UTC') - (j.createdat AT TIME ZONE 'UTC')",
            "t.started_at - (s.createdat AT TIME ZONE 'UTC')",
            "t.finished_at - t.started_at",
        ];
        string[] names = ["task row → job created", "job created → processing", "processing → task running", "task running → finished"];
        var select = string.Join(",\n", stages.SelectMany(stage => new[] { 0.5, 0.9 }.Select(p =>
            $"percentile_cont({p.ToString(System.Globalization.CultureInfo.InvariantCulture)}) WITHIN GROUP (ORDER BY extract(epoch FROM {stage})) * 1000")));
        await using var command = dataSource.CreateCommand($"""
            SELECT {select}
            FROM tasks t
            JOIN hangfire.job j ON j.id = t.job_id::bigint
            JOIN hangfire.state s ON s.jobid = j.id AND s.name = 'Processing'
            """);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        Console.WriteLine("end to end, per stage (p50 / p90 ms): " + string.Join("; ", names.Select((name, i) =>
            $"{name} {reader.GetDouble(2 * i):F0} / {reader.GetDouble(2 * i + 1):F0}")));
    }
}
