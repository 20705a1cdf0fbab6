using System.Diagnostics;
using System.Net.Http.Headers;
using MlWorkflow.Tests.Infrastructure;
using Npgsql;
using NpgsqlTypes;

namespace MlWorkflow.Benchmarks.Upload;

/// <summary>
/// Streams a generated CSV through POST /api/upload (validation, SHA-256, chunked artifact store) and,
/// in the same run on the same server, copies the same bytes into PostgreSQL with a binary COPY of
/// 1 MiB chunks: the floor any upload path stored in Postgres can reach.
/// </summary>
public static class UploadBenchmark
{
    private const int ChunkBytes = 1 << 20;

    public static async Task<int> RunAsync(BenchmarkOptions options)
    {
        var file = await CsvGenerator.WriteAsync((long)options.Megabytes * 1_000_000);
        var size = new FileInfo(file).Length;
        Console.WriteLine($"file: {file} ({size / 1e6:F0} MB)");

        await using var postgres = await PostgresServer.StartAsync();
        await using var redis = await RedisServer.StartAsync();
        var database = await postgres.CreateDatabaseAsync("bench");
        await using var api = await ApiProcess.StartAsync(database, redis.ConnectionString);
        await CreateFloorTableAsync(database);

        var rows = new List<string>();
        for (var run = 1; run <= options.Runs; run++)
        {
            var (uploadSeconds, peakGrowth) = await UploadAsync(api, file);
            var copySeconds = await CopyAsync(database, file);
            rows.Add($"| {run} | {size / 1e6 / uploadSeconds:F0} | {size / 1e6 / copySeconds:F0} | " +
                     $"{copySeconds / uploadSeconds:F2} | {peakGrowth / 1048576.0:F0} |");
            Console.WriteLine(rows[^1]);
        }

        Console.WriteLine();
        Console.WriteLine($"Upload of a {size / 1e6:F0} MB CSV over loopback, {options.Runs} runs:");
        Console.WriteLine("| run | api upload MB/s | binary COPY MB/s (floor) | upload / floor | api RSS growth (MiB) |");
        Console.WriteLine("|---|---|---|---|---|");
        rows.ForEach(Console.WriteLine);
        return 0;
    }

    private static async Task<(double Seconds, long PeakGrowth)> UploadAsync(ApiProcess api, string file)
    {
        var baseline = api.ResidentBytes();
        var peak = baseline;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                peak = Math.Max(peak, api.ResidentBytes());
                await Task.Delay(20);
            }
        });

        await using var stream = File.OpenRead(file);
        using var content = new MultipartFormDataContent();
        var fileContent = new StreamContent(stream, 1 << 16);
        fileContent.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        content.Add(fileContent, "file", "bench.csv");
        var stopwatch = Stopwatch.StartNew();
        using var response = await api.Client.PostAsync("/api/upload", content);
        stopwatch.Stop();
        await sampling.CancelAsync();
        await sampler;
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Upload failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
        return (stopwatch.Elapsed.TotalSeconds, peak - baseline);
    }

    private static async Task CreateFloorTableAsync(string database)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "CREATE TABLE floor_chunks (artifact_id uuid NOT NULL, index int NOT NULL, data bytea NOT NULL, PRIMARY KEY (artifact_id, index))",
            connection);
        await command.ExecuteNonQueryAsync();
        // The same storage as artifact_chunks (uncompressed out-of-line bytea), so the floor stores the same way.
        command.CommandText = "ALTER TABLE floor_chunks ALTER COLUMN data SET STORAGE EXTERNAL";
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<double> CopyAsync(string database, string file)
    {
        var stopwatch = Stopwatch.StartNew();
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var id = Guid.NewGuid();
        await using (var importer = await connection.BeginBinaryImportAsync(
            "COPY floor_chunks (artifact_id, index, data) FROM STDIN (FORMAT BINARY)"))
        {
            await using var stream = File.OpenRead(file);
            var buffer = new byte[ChunkBytes];
            for (var index = 0; ; index++)
            {
                var read = await stream.ReadAtLeastAsync(buffer, ChunkBytes, throwOnEndOfStream: false);
                if (read == 0)
                {
                    break;
                }
                await importer.StartRowAsync();
                await importer.WriteAsync(id, NpgsqlDbType.Uuid);
                await importer.WriteAsync(index, NpgsqlDbType.Integer);
                await importer.WriteAsync(new ArraySegment<byte>(buffer, 0, read), NpgsqlDbType.Bytea);
            }
            await importer.CompleteAsync();
        }
        await transaction.CommitAsync();
        return stopwatch.Elapsed.TotalSeconds;
    }
}
