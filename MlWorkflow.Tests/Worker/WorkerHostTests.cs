using System.Net;
using System.Text.Json;
using MlWorkflow.Tests.AppHost;
using MlWorkflow.Tests.Infrastructure;
using Npgsql;

namespace MlWorkflow.Tests.Worker;

/// <summary>The Worker process on its own, as the AppHost and Azure run it: its Hangfire servers with health endpoints.</summary>
[Collection(WorkerProcessCollection.Name)]
public sealed class WorkerHostTests(InfrastructureFixture infrastructure)
{
    [Fact]
    [Slow]
    public async Task WorkerStartedBeforeItsDatabaseExistsWaitsThenBecomesHealthy()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var name = $"worker_{Guid.NewGuid():N}";
        var port = FreePort.Next();
        using var worker = StartWorker(port, infrastructure.Postgres.ConnectionString(name), "--Worker:Queues=train,default");
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };
        try
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, await WaitForAnswerAsync(http, worker));
            Assert.False(worker.HasExited, worker.Output);

            await infrastructure.Postgres.CreateDatabaseAsync(name, cancellationToken);

            await WaitForHealthyAsync(http, worker);
            await using var connection = new NpgsqlConnection(infrastructure.Postgres.ConnectionString(name));
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand("select id, data from hangfire.server order by id", connection);
            // Hangfire retries announcing the servers with a back-off (up to 15 s) after the failed attempts.
            var deadline = DateTime.UtcNow.AddSeconds(30);
            List<(string Id, string Data)> servers;
            while ((servers = await ReadAllAsync(command)).Count < 2 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(250, cancellationToken);
            }
            // Trainings have a server (and workers) of their own: one Hangfire server per pool, named after it.
            Assert.Equal(2, servers.Count);
            Assert.Equal(
                [("train", "train"), ("jobs", "default")],
                servers.Select(s => (s.Id.Split(':')[0].Split('-')[^1], Queues(s.Data))).OrderByDescending(s => s.Item1));
        }
        finally
        {
            worker.Stop(ServerProcess.SigTerm, TimeSpan.FromSeconds(20));
        }
    }

    [Theory]
    [InlineData("--Worker:Queues=Train", "Worker:Queues names 'Train'")]
    [InlineData("--Worker:Count=0", "Worker:Count is '0'")]
    [InlineData("--Worker:RetryDelaysSeconds=2,soon", "Worker:RetryDelaysSeconds is '2,soon'")]
    [InlineData("--Worker:WarmUpRounds=many", "Worker:WarmUpRounds is 'many'")]
    [InlineData("--Worker:WarmUpTraining=maybe", "Worker:WarmUpTraining is 'maybe'")]
    [InlineData("--Worker:TrainCount=some", "Worker:TrainCount is 'some'")]
    [InlineData("--Worker:Count=2 --Worker:TrainCount=2", "Worker:TrainCount is 2 and Worker:Count is 2")]
    [InlineData("--Worker:Count=1", "Worker:TrainCount is 1 (the default) and Worker:Count is 1")]
    [InlineData("--Worker:TrainCount=0 --Worker:Queues=train", "Worker:TrainCount is 0 but Worker:Queues includes 'train'")]
    public async Task WorkerWithInvalidSettingsStopsNamingTheSetting(string settings, string message)
    {
        using var worker = StartWorker(FreePort.Next(), infrastructure.Postgres.ConnectionString("postgres"), settings);

        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!worker.HasExited && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        Assert.True(worker.HasExited, "The worker kept running with an invalid setting.");
        Assert.Contains(message, worker.Output);
    }

    /// <param name="port">Its health endpoints' port.</param>
    /// <param name="connectionString">Its database.</param>
    /// <param name="settings">Space-separated command-line settings.</param>
    private ServerProcess StartWorker(int port, string connectionString, string settings) =>
        ServerProcess.Start("dotnet", [
            ProjectOutput.Assembly("MlWorkflow.Worker"), "--urls", $"http://127.0.0.1:{port}",
            $"--ConnectionStrings:mlworkflowdb={connectionString}", $"--ConnectionStrings:cache={infrastructure.Redis.ConnectionString}",
            .. settings.Split(' ')]);

    private static async Task<List<(string Id, string Data)>> ReadAllAsync(NpgsqlCommand command)
    {
        var rows = new List<(string, string)>();
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            rows.Add((reader.GetString(0), reader.GetString(1)));
        }
        return rows;
    }

    private static string Queues(string data)
    {
        using var server = JsonDocument.Parse(data);
        return string.Join(',', server.RootElement.GetProperty("Queues").EnumerateArray().Select(q => q.GetString()));
    }

    private static async Task<HttpStatusCode> WaitForAnswerAsync(HttpClient http, ServerProcess worker)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline && !worker.HasExited)
        {
            try
            {
                using var response = await http.GetAsync("/health", TestContext.Current.CancellationToken);
                return response.StatusCode;
            }
            catch (HttpRequestException)
            {
                await Task.Delay(200, TestContext.Current.CancellationToken);
            }
        }
        throw new InvalidOperationException($"The worker did not answer /health.\n{worker.Output}");
    }

    private static async Task WaitForHealthyAsync(HttpClient http, ServerProcess worker)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline && await WaitForAnswerAsync(http, worker) != HttpStatusCode.OK)
        {
            await Task.Delay(500, TestContext.Current.CancellationToken);
        }
        Assert.Equal(HttpStatusCode.OK, await WaitForAnswerAsync(http, worker));
    }
}
