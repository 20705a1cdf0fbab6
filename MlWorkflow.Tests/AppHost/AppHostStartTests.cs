using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
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
public sealed class AppHostStartTests(InfrastructureFixture infrastructure) : IDisposable
{
    private static readonly TimeSpan s_startTimeout = TimeSpan.FromMinutes(3);
    private readonly string _dataDirectory = AppHostArgs.NewDataDirectory();

    [Fact]
    public async Task LocalModeStartsEverythingHealthyAndServesUploadsAndShutsPostgresDownCleanly()
    {
        await using (var app = await StartHealthyAsync(AppHostArgs.Local(_dataDirectory)))
        {
            await RegisterAndUploadAsync(app);
            await AssertHangfireSchemaExistsAsync(app);
            await app.StopAsync(TestContext.Current.CancellationToken);
        }

        // The wrapper turned the orchestrator's SIGTERM into a fast shutdown: no crash recovery next time.
        var control = ServerProcess.Run(PgControlData(), Path.Combine(_dataDirectory, "postgres", "data"));
        Assert.Contains("Database cluster state:               shut down", control);
    }

    [Fact]
    public async Task ExistingModeStartsEverythingHealthyOnGivenServers()
    {
        var database = await infrastructure.CreateDatabaseAsync("apphost");
        await using var app = await StartHealthyAsync(AppHostArgs.Existing(database, infrastructure.Redis.ConnectionString));

        Assert.Equal(database, await app.GetConnectionStringAsync("mlworkflowdb", TestContext.Current.CancellationToken));
        await RegisterAndUploadAsync(app);
        await AssertHangfireSchemaExistsAsync(app);
        await app.StopAsync(TestContext.Current.CancellationToken);
    }

    public void Dispose() => AppHostArgs.DeleteQuietly(_dataDirectory);

    internal static async Task<DistributedApplication> StartHealthyAsync(string[] args)
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

    private static async Task RegisterAndUploadAsync(DistributedApplication app)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var api = app.CreateHttpClient("api");
        var credentials = new { email = $"apphost-{Guid.NewGuid():N}@example.com", password = "correct horse battery" };

        var registered = await api.PostAsJsonAsync("/api/auth/register", credentials, cancellationToken);
        await AssertStatusAsync(HttpStatusCode.Created, registered);
        var tokenResponse = await api.PostAsJsonAsync("/api/auth/token", credentials, cancellationToken);
        await AssertStatusAsync(HttpStatusCode.OK, tokenResponse);
        var token = (await tokenResponse.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("accessToken").GetString();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "samples", "iris.csv"), cancellationToken));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", "iris.csv");
        var uploaded = await api.PostAsync("/api/upload", form, cancellationToken);

        await AssertStatusAsync(HttpStatusCode.Accepted, uploaded);
        var dataset = (await uploaded.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("dataset");
        Assert.Equal(150, dataset.GetProperty("rowCount").GetInt64());
        Assert.Equal(5, dataset.GetProperty("columnCount").GetInt32());
        var listed = await api.GetFromJsonAsync<JsonElement>("/api/datasets", cancellationToken);
        Assert.Equal(1, listed.GetProperty("total").GetInt32());
    }

    private static async Task AssertStatusAsync(HttpStatusCode expected, HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(expected == response.StatusCode, $"Expected {expected}, got {response.StatusCode}: {body}");
    }

    private static async Task AssertHangfireSchemaExistsAsync(DistributedApplication app)
    {
        var connectionString = await app.GetConnectionStringAsync("mlworkflowdb", TestContext.Current.CancellationToken);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand("select count(*) from hangfire.server", connection);
        // The worker registered itself as a Hangfire server in schema "hangfire" of mlworkflowdb.
        Assert.Equal(1L, await command.ExecuteScalarAsync(TestContext.Current.CancellationToken));
    }

    private static string PgControlData() =>
        Path.Combine(LocalBinaries.Find(new ConfigurationBuilder().Build())!.PostgresBinDirectory, "pg_controldata");
}
