using System.Net;
using System.Text.Json;
using MlWorkflow.Tests.AppHost;
using MlWorkflow.Tests.Infrastructure;
using Npgsql;

namespace MlWorkflow.Tests.Worker;

/// <summary>The Worker process on its own, as the AppHost and Azure run it: a Hangfire server with health endpoints.</summary>
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
            await using var command = new NpgsqlCommand("select data from hangfire.server", connection);
            // Hangfire retries announcing the server with a back-off (up to 15 s) after the failed attempts.
            var deadline = DateTime.UtcNow.AddSeconds(30);
            string? data;
            while ((data = (string?)await command.ExecuteScalarAsync(cancellationToken)) is null && DateTime.UtcNow < deadline)
            {
                await Task.Delay(250, cancellationToken);
            }
            Assert.NotNull(data);
            using var server = JsonDocument.Parse(data);
            Assert.Equal(["train", "default"], server.RootElement.GetProperty("Queues").EnumerateArray().Select(q => q.GetString()));
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
    public async Task WorkerWithInvalidSettingsStopsNamingTheSetting(string setting, string message)
    {
        using var worker = StartWorker(FreePort.Next(), infrastructure.Postgres.ConnectionString("postgres"), setting);

        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!worker.HasExited && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        Assert.True(worker.HasExited, "The worker kept running with an invalid setting.");
        Assert.Contains(message, worker.Output);
    }

    private ServerProcess StartWorker(int port, string connectionString, string setting) =>
        ServerProcess.Start("dotnet", [
            ProjectOutput.Assembly("MlWorkflow.Worker"), "--urls", $"http://127.0.0.1:{port}",
            $"--ConnectionStrings:mlworkflowdb={connectionString}", $"--ConnectionStrings:cache={infrastructure.Redis.ConnectionString}", setting]);

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
