using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using MlWorkflow.Engine.Targets;
using MlWorkflow.Core.Artifacts;
using MlWorkflow.Core.Models;
using MlWorkflow.Engine;
using MlWorkflow.Benchmarks.Train;
using MlWorkflow.Engine.Profiling;
using MlWorkflow.Engine.Suggestions;
using MlWorkflow.Engine.Training;
using MlWorkflow.Tests.Infrastructure;
using Npgsql;

namespace MlWorkflow.Benchmarks.Serve;

/// <summary>
/// Single-row and batch predictions over HTTP, side by side in one run: (a) our deployment endpoint (the Api as a separate
/// process, a deployment key, prediction logging on, then off), (b) the same package predicting in this process with no
/// HTTP (the ceiling), (c) FastAPI + uvicorn serving scikit-learn's HistGradientBoostingClassifier trained on the same data.
/// The load generator is wrk on the same machine.
/// </summary>
public static class ServeBenchmark
{
    private const string Dataset = "titanic.csv";
    private const string Target = "survived";

    private static string Python => File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";

    public static async Task<int> RunAsync(string[] args)
    {
        var seconds = Option(args, "--seconds", 10);
        var connections = (OptionText(args, "--connections") ?? "1,16,64").Split(',').Select(int.Parse).ToArray();
        var loggingOffSetting = OptionText(args, "--log-off-setting") ?? "Serving:LogPredictions=false";
        if (!File.Exists("/usr/bin/wrk"))
        {
            Console.Error.WriteLine("wrk is missing: apt-get install wrk");
            return 2;
        }

        var (package, packageBytes, inputs, rows) = await TrainAsync();
        var single = JsonSerializer.Serialize(new { rows = new[] { rows[0] } });
        var batch = JsonSerializer.Serialize(new { rows = Enumerable.Range(0, 1000).Select(i => rows[i % rows.Count]).ToArray() });
        Console.WriteLine($"model: LightGbm on {Dataset} ({rows.Count} rows, inputs {string.Join(", ", inputs.Select(i => i.Name))}); package {packageBytes.Length:N0} bytes");
        Console.WriteLine($"single-row body: {single}");

        var results = new List<string>();
        await using var postgres = await PostgresServer.StartAsync();
        await using var redis = await RedisServer.StartAsync();

        foreach (var logging in new[] { true, false })
        {
            var database = await postgres.CreateDatabaseAsync(logging ? "serve_log" : "serve_nolog");
            var extra = logging ? null : new Dictionary<string, string> { [loggingOffSetting.Split('=')[0]] = loggingOffSetting.Split('=')[1] };
            await using var api = await ApiProcess.StartAsync(database, redis.ConnectionString, extra);
            var (url, key) = await DeployAsync(api, database, packageBytes, package);
            var label = logging ? "ours (HTTP, key, logging on)" : "ours (HTTP, key, logging off)";
            // Warm-up: JIT and the package load, not measured.
            await WrkAsync(url, key, single, 2, 5);
            foreach (var c in connections)
            {
                results.Add(Row(label, "1 row", c, await WrkAsync(url, key, single, c, seconds)));
                Console.WriteLine(results[^1]);
            }
            // 16 connections that each pause 3 ms: about 5,000 requests/s, the load the latency goal is stated at.
            results.Add(Row(label, "1 row, paced", 16, await WrkAsync(url, key, single, 16, seconds, delayMs: 3)));
            Console.WriteLine(results[^1]);
            var batched = await WrkAsync(url, key, batch, 2, seconds);
            results.Add(Row(label, "1,000 rows", 2, batched, rowsPerRequest: 1000));
            Console.WriteLine(results[^1]);
            if (logging)
            {
                await using var connection = new NpgsqlConnection(database);
                await connection.OpenAsync();
                await using var count = new NpgsqlCommand("SELECT count(*) FROM prediction_logs", connection);
                Console.WriteLine($"prediction_logs rows after the logging-on runs: {(long)(await count.ExecuteScalarAsync())!:N0}");
            }
        }

        foreach (var threads in new[] { 1, 2 })
        {
            results.Add(InProcess(package, rows, threads, seconds));
            Console.WriteLine(results[^1]);
        }

        var port = FreePort.Next();
        var numeric = inputs.Where(i => i.Type == ColumnType.Numeric).Select(i => i.Name);
        var categorical = inputs.Where(i => i.Type != ColumnType.Numeric).Select(i => i.Name);
        var start = new ProcessStartInfo(Python, [Path.Combine(AppContext.BaseDirectory, "Serve", "serve_fastapi.py"),
            Path.Combine(AppContext.BaseDirectory, "samples", Dataset), Target, port.ToString(CultureInfo.InvariantCulture),
            string.Join(',', numeric), string.Join(',', categorical)]);
        start.Environment["OMP_NUM_THREADS"] = "1";
        using (var peer = Process.Start(start)!)
        {
            try
            {
                var peerUrl = $"http://127.0.0.1:{port}/predict";
                await WaitForAsync(new Uri($"http://127.0.0.1:{port}/health"));
                await WrkAsync(peerUrl, null, single, 2, 5);
                foreach (var c in connections)
                {
                    results.Add(Row("FastAPI + uvicorn + sklearn HGB", "1 row", c, await WrkAsync(peerUrl, null, single, c, seconds)));
                    Console.WriteLine(results[^1]);
                }
                results.Add(Row("FastAPI + uvicorn + sklearn HGB", "1,000 rows", 2, await WrkAsync(peerUrl, null, batch, 2, seconds), rowsPerRequest: 1000));
                Console.WriteLine(results[^1]);
            }
            finally
            {
                peer.Kill(entireProcessTree: true);
            }
        }

        Console.WriteLine();
        Console.WriteLine($"| server | request | connections | requests/s | rows/s | p50 ms | p99 ms | errors |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|");
        results.ForEach(Console.WriteLine);
        return 0;
    }

    private sealed record Load(double RequestsPerSecond, double P50Ms, double P99Ms, long Errors);

    private static string Row(string server, string request, int connections, Load load, int rowsPerRequest = 1) => string.Create(CultureInfo.InvariantCulture,
        $"| {server} | {request} | {connections} | {load.RequestsPerSecond:N0} | {load.RequestsPerSecond * rowsPerRequest:N0} | {load.P50Ms:0.00} | {load.P99Ms:0.00} | {load.Errors} |");

    private static async Task<(ModelPackage Package, byte[] Bytes, IReadOnlyList<InputColumn> Inputs, IReadOnlyList<Dictionary<string, object?>> Rows)> TrainAsync()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "samples", Dataset);
        var (profile, table) = await OurTraining.LoadAsync(path, Target, TargetTasks.Binary);
        var request = new TrainingRequest(Target, TargetTasks.Binary, TrainingMetrics.Default(TargetTasks.Binary), [MlNetTrainers.LightGbm], 600, MaxTrials: 1, Seed: 0, Ensemble: false);
        var search = await new ModelSearch(table, request).RunAsync(SilentProgress.Instance, null, CancellationToken.None, CancellationToken.None);
        var inputs = table.Encoder.Features.Select(f => new InputColumn(f.Name, profile.Columns.Single(c => c.Name == f.Name).Type, f.Categories)).ToList();
        var package = ModelPackage.Create(search, table, request, [], inputs, DateTimeOffset.UtcNow);
        using var buffer = new MemoryStream();
        package.Save(buffer);
        var rows = new List<Dictionary<string, object?>>();
        // The sample has no quoted fields: a split is its CSV.
        var header = File.ReadLines(path).First().Split(',');
        foreach (var line in File.ReadLines(path).Skip(1))
        {
            var cells = line.Split(',');
            var row = new Dictionary<string, object?>();
            foreach (var input in inputs)
            {
                var cell = cells[Array.IndexOf(header, input.Name)];
                row[input.Name] = cell.Length == 0 ? null
                    : input.Type == ColumnType.Numeric ? double.Parse(cell, CultureInfo.InvariantCulture) : cell;
            }
            rows.Add(row);
        }
        return (package, buffer.ToArray(), inputs, rows);
    }

    /// <summary>Registers the package as a model of the benchmark's user (as the worker would), deploys it and makes a key.</summary>
    private static async Task<(string Url, string? Key)> DeployAsync(ApiProcess api, string database, byte[] packageBytes, ModelPackage package)
    {
        var me = await api.Client.GetFromJsonAsync<JsonElement>("/api/auth/me");
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        Artifact artifact;
        await using (var writer = await PostgresArtifactStore.BeginWriteAsync(transaction, "model", "application/zip", CancellationToken.None))
        {
            await writer.WriteAsync(packageBytes, CancellationToken.None);
            artifact = await writer.CompleteAsync(CancellationToken.None);
        }
        var manifest = package.Manifest;
        var model = new Model
        {
            OwnerId = me.GetProperty("id").GetGuid(), Name = "titanic", DatasetName = "titanic", DatasetSha256 = null, Target = manifest.Target,
            Task = manifest.Task, Metric = manifest.Metric, Algorithm = manifest.Members[0].Algorithm, Members = "[]",
            Metrics = JsonSerializer.Serialize(manifest.Metrics, EngineJson.Options), Validation = JsonSerializer.Serialize(manifest.Validation, EngineJson.Options),
            Leaderboard = "[]", FeatureImportance = "[]", Charts = "{}", Steps = "[]",
            InputSchema = JsonSerializer.Serialize(manifest.InputSchema, EngineJson.Options), Labels = JsonSerializer.Serialize(manifest.Labels, EngineJson.Options),
            Seed = manifest.Seed, ArtifactId = artifact.Id, SizeBytes = artifact.Length,
        };
        await ModelRows.InsertAsync(connection, transaction, model, CancellationToken.None);
        await transaction.CommitAsync();

        var deployment = await (await api.Client.PostAsJsonAsync("/api/deployments", new { name = "titanic", modelId = model.Id })).EnsureSuccessStatusCode()
            .Content.ReadFromJsonAsync<JsonElement>();
        var url = deployment.GetProperty("url").GetString()!;
        using var keyResponse = await api.Client.PostAsJsonAsync($"/api/deployments/{deployment.GetProperty("id").GetGuid()}/keys", new { name = "wrk" });
        var key = keyResponse.IsSuccessStatusCode ? (await keyResponse.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString() : null;
        return (url, key);
    }

    /// <param name="url">Where to POST.</param>
    /// <param name="key">The X-Api-Key, or null for none.</param>
    /// <param name="body">The request body.</param>
    /// <param name="connections">wrk's connections (each sends its next request when the last is answered).</param>
    /// <param name="seconds">How long.</param>
    /// <param name="delayMs">A pause before each request on a connection: paces the load below saturation.</param>
    private static async Task<Load> WrkAsync(string url, string? key, string body, int connections, int seconds, int delayMs = 0)
    {
        var script = Path.Combine(Path.GetTempPath(), $"wrk-{Guid.NewGuid():N}.lua");
        await File.WriteAllTextAsync(script,
            "wrk.method = \"POST\"\n"
            + $"wrk.body = \"{body.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)}\"\n"
            + "wrk.headers[\"Content-Type\"] = \"application/json\"\n"
            + (key is null ? "" : $"wrk.headers[\"X-Api-Key\"] = \"{key}\"\n")
            + (delayMs == 0 ? "" : $"function delay() return {delayMs} end\n")
            + "done = function(summary, latency, requests)\n"
            + "  io.write(string.format(\"RESULT %d %d %d %d %d\\n\", summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), "
            + "summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))\nend\n");
        try
        {
            var start = new ProcessStartInfo("/usr/bin/wrk", ["-t", Math.Min(2, connections).ToString(CultureInfo.InvariantCulture),
                "-c", connections.ToString(CultureInfo.InvariantCulture), "-d", $"{seconds}s", "-s", script, url]) { RedirectStandardOutput = true };
            using var process = Process.Start(start)!;
            var output = await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            var result = output.Split('\n').Single(l => l.StartsWith("RESULT ", StringComparison.Ordinal)).Split(' ')[1..].Select(long.Parse).ToArray();
            return new Load(result[0] / (result[1] / 1e6), result[2] / 1000.0, result[3] / 1000.0, result[4]);
        }
        finally
        {
            File.Delete(script);
        }
    }

    /// <summary>The ceiling: <see cref="ModelPackage.Predict"/> of one row at a time on <paramref name="threads"/> threads, no HTTP, no JSON.</summary>
    private static string InProcess(ModelPackage package, IReadOnlyList<Dictionary<string, object?>> rows, int threads, int seconds)
    {
        var cells = rows.Select(r => (IReadOnlyDictionary<string, string?>)r.ToDictionary(p => p.Key,
            p => p.Value is double d ? d.ToString(CultureInfo.InvariantCulture) : (string?)p.Value)).ToList();
        var latencies = new List<double>[threads];
        var deadline = Stopwatch.GetTimestamp() + (long)(seconds * Stopwatch.Frequency);
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
        {
            var mine = latencies[t] = new List<double>(1 << 20);
            for (var i = t; Stopwatch.GetTimestamp() < deadline; i++)
            {
                var started = Stopwatch.GetTimestamp();
                package.Predict(cells[i % cells.Count]);
                mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        });
        var all = latencies.SelectMany(l => l).Order().ToList();
        var load = new Load(all.Count / (double)seconds, all[all.Count / 2], all[(int)(all.Count * 0.99)], 0);
        return Row($"in process, no HTTP ({threads} thread{(threads == 1 ? "" : "s")})", "1 row", threads, load);
    }

    private static async Task WaitForAsync(Uri health)
    {
        using var client = new HttpClient();
        for (var attempt = 0; attempt < 600; attempt++)
        {
            try
            {
                if ((await client.GetAsync(health)).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"{health} did not answer within 60 s.");
    }

    private static int Option(string[] args, string name, int fallback) =>
        OptionText(args, name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

    private static string? OptionText(string[] args, string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
}
