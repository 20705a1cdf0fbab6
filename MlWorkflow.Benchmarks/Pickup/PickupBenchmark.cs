using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using MlWorkflow.Core.Jobs;
using MlWorkflow.Tests.Infrastructure;

namespace MlWorkflow.Benchmarks.Pickup;

/// <summary>
/// Pick-up latency, enqueue → the job method running, with our Hangfire.PostgreSql settings
/// (<see cref="HangfireSetup.CreateStorageOptions"/>: LISTEN/NOTIFY long polling) and with the package's
/// defaults (15 s queue polling), side by side in one run on one PostgreSQL server. As in production the
/// enqueuing side is another process (this program started again as <c>pickup-enqueue</c>): in one process
/// Hangfire.PostgreSql wakes its own fetchers in memory, which hides the polling delay. Jobs arrive at a
/// steady rate on the "profile" queue served by 2 workers; latency is measured on the wall clock.
/// </summary>
public static class PickupBenchmark
{
    public static async Task<int> RunAsync(BenchmarkOptions options)
    {
        GlobalConfiguration.Configuration
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings();
        await using var postgres = await PostgresServer.StartAsync();
        var database = await postgres.CreateDatabaseAsync("pickup");

        var ours = HangfireSetup.CreateStorageOptions();
        ours.SchemaName = "hangfire_ours";
        var defaults = new PostgreSqlStorageOptions { SchemaName = "hangfire_defaults" };

        Console.WriteLine($"{options.Tasks} jobs per configuration, {options.PerSecond} enqueued per second, 2 workers");
        var rows = new List<string>();
        foreach (var (name, storageOptions) in new[] { ("ours (long polling, sliding invisibility)", ours), ("Hangfire.PostgreSql defaults", defaults) })
        {
            var latencies = await MeasureAsync(database, storageOptions, options);
            rows.Add($"| {name} | {Percentile(latencies, 0.50):F0} | {Percentile(latencies, 0.90):F0} | {Percentile(latencies, 0.99):F0} | {latencies.Max():F0} |");
            Console.WriteLine(rows[^1]);
        }

        var endToEnd = await EndToEndPickup.MeasureAsync(postgres, options);
        rows.Add($"| ours, end to end: upload → task running (Api and Worker processes) | {Percentile(endToEnd, 0.50):F0} | " +
                 $"{Percentile(endToEnd, 0.90):F0} | {Percentile(endToEnd, 0.99):F0} | {endToEnd.Max():F0} |");
        Console.WriteLine(rows[^1]);

        Console.WriteLine();
        Console.WriteLine("| settings | p50 ms | p90 ms | p99 ms | max ms |");
        Console.WriteLine("|---|---|---|---|---|");
        rows.ForEach(Console.WriteLine);
        return 0;
    }

    private static async Task<double[]> MeasureAsync(string database, PostgreSqlStorageOptions storageOptions, BenchmarkOptions options)
    {
        var serverStorage = new PostgreSqlStorage(new NpgsqlConnectionFactory(database, storageOptions), storageOptions);
        PickupProbe.Reset(options.Tasks);
        using (new BackgroundJobServer(new BackgroundJobServerOptions
        {
            WorkerCount = 2,
            Queues = [JobQueues.Profile],
            ServerName = $"pickup-{storageOptions.SchemaName}",
        }, serverStorage))
        {
            // Let the server register and its workers start waiting before the first job.
            await Task.Delay(TimeSpan.FromSeconds(2));
            await RunEnqueuerAsync(database, storageOptions.SchemaName, storageOptions.EnableLongPolling, options);
            if (!PickupProbe.AllPicked.Wait(TimeSpan.FromMinutes(2)))
            {
                throw new TimeoutException($"Only {PickupProbe.Count} of {options.Tasks} jobs started within 2 minutes.");
            }
        }
        return PickupProbe.Latencies();
    }

    /// <summary>The enqueuing process: <c>pickup-enqueue DATABASE SCHEMA LONGPOLLING TASKS PERSECOND</c>.</summary>
    public static async Task<int> EnqueueAsync(string[] args)
    {
        var (database, schema, longPolling, tasks, perSecond) = (args[0], args[1], bool.Parse(args[2]), int.Parse(args[3]), int.Parse(args[4]));
        GlobalConfiguration.Configuration
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings();
        var storageOptions = longPolling ? HangfireSetup.CreateStorageOptions() : new PostgreSqlStorageOptions();
        storageOptions.SchemaName = schema;
        var client = new BackgroundJobClient(new PostgreSqlStorage(new NpgsqlConnectionFactory(database, storageOptions), storageOptions));
        var interval = TimeSpan.FromSeconds(1.0 / perSecond);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < tasks; i++)
        {
            var due = interval * i;
            if (due > clock.Elapsed)
            {
                await Task.Delay(due - clock.Elapsed);
            }
            client.Enqueue(JobQueues.Profile, () => PickupProbe.Picked(i, DateTime.UtcNow.Ticks));
        }
        return 0;
    }

    private static async Task RunEnqueuerAsync(string database, string schema, bool longPolling, BenchmarkOptions options)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!, [typeof(PickupBenchmark).Assembly.Location,
            "pickup-enqueue", database, schema, longPolling.ToString(), options.Tasks.ToString(CultureInfo.InvariantCulture),
            options.PerSecond.ToString(CultureInfo.InvariantCulture)]);
        if (!Environment.ProcessPath!.EndsWith("dotnet", StringComparison.Ordinal))
        {
            start.ArgumentList.RemoveAt(0);
        }
        using var process = Process.Start(start)!;
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"The enqueuing process exited with {process.ExitCode}.");
        }
    }

    private static double Percentile(double[] sorted, double p) => sorted[(int)Math.Clamp(Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}

/// <summary>The job: records how long after its enqueue it started.</summary>
public static class PickupProbe
{
    private static ConcurrentDictionary<int, double> _latencies = new();
    private static CountdownEvent _allPicked = new(1);

    public static CountdownEvent AllPicked => _allPicked;

    public static int Count => _latencies.Count;

    public static void Reset(int tasks)
    {
        _latencies = new();
        _allPicked = new CountdownEvent(tasks);
    }

    public static void Picked(int index, long enqueuedUtcTicks)
    {
        if (_latencies.TryAdd(index, TimeSpan.FromTicks(DateTime.UtcNow.Ticks - enqueuedUtcTicks).TotalMilliseconds))
        {
            _allPicked.Signal();
        }
    }

    public static double[] Latencies() => [.. _latencies.Values.Order()];
}
