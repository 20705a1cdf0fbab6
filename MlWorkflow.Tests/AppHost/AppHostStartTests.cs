using System.Diagnostics;
using System.Net;
using Aspire.Hosting;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.Configuration;
using MlWorkflow.AppHost.Infrastructure;
using MlWorkflow.Tests.Infrastructure;
using Npgsql;

namespace MlWorkflow.Tests.AppHost;

/// <summary>
/// The real AppHost started with Aspire.Hosting.Testing: infrastructure, api, worker and web come up
/// healthy, and a user registers and uploads through api. Local mode is what users get on a machine
/// without Docker; existing mode runs against the test run's own servers.
/// </summary>
[Slow]
public sealed class AppHostStartTests(InfrastructureFixture infrastructure) : IDisposable
{
    private static readonly TimeSpan s_startTimeout = TimeSpan.FromMinutes(3);
    private readonly string _dataDirectory = AppHostArgs.NewDataDirectory();

    [Fact]
    public async Task LocalModeServesUploadsStopsPostgresCleanlyAndKeepsDataForTheNextRun()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var credentials = ApiCalls.NewCredentials();
        await using (var app = await StartHealthyAsync(AppHostArgs.Local(_dataDirectory)))
        {
            using var api = app.CreateHttpClient("api");
            await ApiCalls.RegisterAsync(api, credentials);
            await ApiCalls.LogInAsync(api, credentials);
            var (datasetId, taskId) = await ApiCalls.UploadIrisAsync(api);
            await AssertWorkerRegisteredWithHangfireAsync(app);
            await ApiCalls.AssertProfiledAsync(api, datasetId, taskId);
            await ApiCalls.AssertSuggestsAsync(api, datasetId);
            await app.StopAsync(cancellationToken);
        }

        // The wrapper turned the orchestrator's SIGTERM into a fast shutdown: no crash recovery next time.
        var cluster = Path.Combine(_dataDirectory, "postgres", "data");
        await WaitForPostgresToExitAsync(cluster);
        var control = ServerProcess.Run(PgControlData(), cluster);
        Assert.Contains("Database cluster state:               shut down", control);

        // A second run reuses the cluster, its password and its data.
        await using var again = await StartHealthyAsync(AppHostArgs.Local(_dataDirectory));
        using var apiAgain = again.CreateHttpClient("api");
        await ApiCalls.LogInAsync(apiAgain, credentials);
        Assert.Equal(1, await ApiCalls.DatasetCountAsync(apiAgain));
        await again.StopAsync(cancellationToken);
    }

    [Fact]
    public async Task ExistingModeStartsEverythingHealthyOnGivenServers()
    {
        var database = await infrastructure.CreateDatabaseAsync("apphost");
        await using var app = await StartHealthyAsync(AppHostArgs.Existing(database, infrastructure.Redis.ConnectionString));

        Assert.Equal(database, await app.GetConnectionStringAsync("mlworkflowdb", TestContext.Current.CancellationToken));
        using var api = app.CreateHttpClient("api");
        var credentials = ApiCalls.NewCredentials();
        await ApiCalls.RegisterAsync(api, credentials);
        await ApiCalls.LogInAsync(api, credentials);
        var (datasetId, taskId) = await ApiCalls.UploadIrisAsync(api);
        Assert.Equal(1, await ApiCalls.DatasetCountAsync(api));
        await AssertWorkerRegisteredWithHangfireAsync(app);
        await ApiCalls.AssertProfiledAsync(api, datasetId, taskId);
        await ApiCalls.AssertSuggestsAsync(api, datasetId);
        await AssertHangfireDashboardAsksForSignInAsync(app);
        await app.StopAsync(TestContext.Current.CancellationToken);
    }

    public void Dispose() => AppHostArgs.DeleteQuietly(_dataDirectory);

    private static async Task<DistributedApplication> StartHealthyAsync(string[] args)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(s_startTimeout);
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.MlWorkflow_AppHost>(args, timeout.Token);
        var app = await builder.BuildAsync(timeout.Token);
        var started = Stopwatch.StartNew();
        await app.StartAsync(timeout.Token);
        foreach (var resource in new[] { "api", "worker", "web" })
        {
            await app.ResourceNotifications.WaitForResourceHealthyAsync(resource, timeout.Token);
        }
        TestContext.Current.SendDiagnosticMessage($"api, worker and web healthy {started.Elapsed.TotalSeconds:0.0} s after start");
        return app;
    }

    private static async Task AssertWorkerRegisteredWithHangfireAsync(DistributedApplication app)
    {
        var connectionString = await app.GetConnectionStringAsync("mlworkflowdb", TestContext.Current.CancellationToken);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand("select count(*) from hangfire.server", connection);
        // The worker registered itself in schema "hangfire" of mlworkflowdb: serving every queue, it runs two Hangfire
        // servers, one for trainings and one for the other jobs.
        Assert.Equal(2L, await command.ExecuteScalarAsync(TestContext.Current.CancellationToken));
    }

    /// <summary>The web resource serves the Hangfire dashboard from the database, behind sign-in.</summary>
    private static async Task AssertHangfireDashboardAsksForSignInAsync(DistributedApplication app)
    {
        using var handler = new HttpClientHandler { AllowAutoRedirect = false };
        using var web = new HttpClient(handler) { BaseAddress = app.GetEndpoint("web", "http") };
        using var response = await web.GetAsync("/hangfire", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.StartsWith("/login?returnUrl=%2Fhangfire", location.IsAbsoluteUri ? location.PathAndQuery : location.OriginalString);
    }

    /// <summary>Disposing the app does not wait for its executables to exit; postgres removes postmaster.pid last.</summary>
    private static async Task WaitForPostgresToExitAsync(string cluster)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (File.Exists(Path.Combine(cluster, "postmaster.pid")) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }

    private static string PgControlData() =>
        Path.Combine(LocalBinaries.Find(new ConfigurationBuilder().Build())!.PostgresBinDirectory, "pg_controldata");
}
