using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using MlWorkflow.Tests.Web;

namespace MlWorkflow.Benchmarks;

/// <summary>The real Api as a separate process (as in production, via the tests' <see cref="AppServer"/>), signed in as a fresh user.</summary>
public sealed class ApiProcess : IAsyncDisposable
{
    private readonly AppServer _server;

    private ApiProcess(AppServer server, HttpClient client)
    {
        _server = server;
        Client = client;
    }

    public HttpClient Client { get; }

    public static async Task<ApiProcess> StartAsync(string databaseConnectionString, string cacheConnectionString)
    {
        var server = await AppServer.StartAsync("MlWorkflow.Api", new Dictionary<string, string>
        {
            ["ConnectionStrings:mlworkflowdb"] = databaseConnectionString,
            ["ConnectionStrings:cache"] = cacheConnectionString,
            ["Jwt:SigningKey"] = Convert.ToBase64String(Guid.NewGuid().ToByteArray()) + "-benchmark-signing-key",
            ["environment"] = "Production",
            ["Logging:LogLevel:Default"] = "Warning",
        }, CancellationToken.None);

        var client = new HttpClient { BaseAddress = server.Address, Timeout = TimeSpan.FromMinutes(30) };
        var credentials = new { email = $"bench-{Guid.NewGuid():N}@example.com", password = "benchmark-password" };
        (await client.PostAsJsonAsync("/api/auth/register", credentials)).EnsureSuccessStatusCode();
        var token = await (await client.PostAsJsonAsync("/api/auth/token", credentials)).Content.ReadFromJsonAsync<JsonElement>();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.GetProperty("accessToken").GetString());
        return new ApiProcess(server, client);
    }

    /// <summary>Resident set size now, from /proc (bytes).</summary>
    public long ResidentBytes()
    {
        const string field = "VmRSS:";
        var line = File.ReadLines($"/proc/{_server.ProcessId}/status").First(l => l.StartsWith(field, StringComparison.Ordinal));
        return long.Parse(line[field.Length..].Trim().Split(' ')[0]) * 1024;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _server.DisposeAsync();
    }
}
