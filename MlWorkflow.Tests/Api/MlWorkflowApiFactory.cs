extern alias api;

using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using MlWorkflow.Tests.Infrastructure;
using Npgsql;
using ApiProgram = api::Program;

namespace MlWorkflow.Tests.Api;

[CollectionDefinition(nameof(ApiCollection))]
public sealed class ApiCollection : ICollectionFixture<MlWorkflowApiFactory>;

/// <summary>
/// The real Api in-process (TestServer) on a fresh database of the test run's PostgreSQL and on its
/// Redis. Ready once /health is 200, i.e. migrations applied and both servers answering.
/// </summary>
public sealed class MlWorkflowApiFactory(InfrastructureFixture infrastructure) : WebApplicationFactory<ApiProgram>, IAsyncLifetime
{
    public const string SigningKey = "test-signing-key-for-the-api-tests-0123456789abcdef";

    private Task<HttpClient>? _sharedUserClient;

    public string ConnectionString { get; private set; } = "";

    /// <summary>
    /// One registered user's client for tests that need no isolation from each other (registering costs
    /// two BCrypt rounds). Do not dispose it.
    /// </summary>
    public Task<HttpClient> GetSharedUserClientAsync() => _sharedUserClient ??= CreateUserClientAsync();

    public async ValueTask InitializeAsync()
    {
        ConnectionString = await infrastructure.CreateDatabaseAsync("api");
        await WaitUntilHealthyAsync(this);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:mlworkflowdb", ConnectionString);
        builder.UseSetting("ConnectionStrings:cache", infrastructure.Redis.ConnectionString);
        builder.UseSetting("Jwt:SigningKey", SigningKey);
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        // Tests poll for the per-minute stats: flushed more often than the default second.
        builder.UseSetting("Serving:StatsFlushInterval", "00:00:00.200");
    }

    /// <summary>Polls /health until the database-migrations check (and the rest) report healthy.</summary>
    public static async Task WaitUntilHealthyAsync(WebApplicationFactory<ApiProgram> factory)
    {
        using var client = factory.CreateClient();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        string last = "";
        while (DateTime.UtcNow < deadline)
        {
            using var response = await client.GetAsync("/health");
            if (response.IsSuccessStatusCode)
            {
                return;
            }
            last = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
            await Task.Delay(100);
        }
        throw new TimeoutException($"The Api did not become healthy within 60 s; last /health: {last}");
    }

    /// <summary>Registers a new user and returns a client that sends their bearer token.</summary>
    public Task<HttpClient> CreateUserClientAsync() => CreateUserClientAsync(this);

    public static async Task<HttpClient> CreateUserClientAsync(WebApplicationFactory<ApiProgram> factory)
    {
        var client = factory.CreateClient();
        var credentials = new { email = $"user-{Guid.NewGuid():N}@example.com", password = "correct horse battery" };
        (await client.PostAsJsonAsync("/api/auth/register", credentials)).EnsureSuccessStatusCode();
        var token = await (await client.PostAsJsonAsync("/api/auth/token", credentials))
            .EnsureSuccessStatusCode().Content.ReadFromJsonAsync<TokenBody>();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token!.AccessToken);
        return client;
    }

    /// <summary>Rows in datasets, artifacts and artifact_chunks, to prove a rejected upload left nothing.</summary>
    public async Task<(long Datasets, long Artifacts, long Chunks)> CountStoredRowsAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT (SELECT count(*) FROM datasets), (SELECT count(*) FROM artifacts), (SELECT count(*) FROM artifact_chunks)",
            connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
    }

    private sealed record TokenBody(string AccessToken);
}
