using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using MlWorkflow.Tests.Web;

namespace MlWorkflow.Benchmarks;

/// <summary>The real Api as a separate process (as in production, via the tests' <see cref="AppServer"/>), signed in as a fresh user.</summary>
public sealed class ApiProcess : IAsyncDisposable
{
    private readonly AppServer _server;

    private ApiProcess(AppServer server, HttpClient client, string accessToken)
    {
        _server = server;
        Client = client;
        AccessToken = accessToken;
    }

    public HttpClient Client { get; }

    /// <summary>The signed-in user's bearer token (also sent by <see cref="Client"/>).</summary>
    public string AccessToken { get; }

    public static async Task<ApiProcess> StartAsync(string databaseConnectionString, string cacheConnectionString, IReadOnlyDictionary<string, string>? extraSettings = null)
    {
        var settings = new Dictionary<string, string>
        {
            ["ConnectionStrings:mlworkflowdb"] = databaseConnectionString,
            ["ConnectionStrings:cache"] = cacheConnectionString,
            ["Jwt:SigningKey"] = Convert.ToBase64String(Guid.NewGuid().ToByteArray()) + "-benchmark-signing-key",
            ["environment"] = "Production",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in extraSettings ?? new Dictionary<string, string>())
        {
            settings[key] = value;
        }
        var server = await AppServer.StartAsync("MlWorkflow.Api", settings, CancellationToken.None);

        var client = new HttpClient { BaseAddress = server.Address, Timeout = TimeSpan.FromMinutes(30) };
        var credentials = new { email = $"bench-{Guid.NewGuid():N}@example.com", password = "benchmark-password" };
        (await client.PostAsJsonAsync("/api/auth/register", credentials)).EnsureSuccessStatusCode();
        var token = await (await client.PostAsJsonAsync("/api/auth/token", credentials)).Content.ReadFromJsonAsync<JsonElement>();
        var accessToken = token.GetProperty("accessToken").GetString()!;
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return new ApiProcess(server, client, accessToken);
    }

    /// <summary>Uploads a small CSV and returns the id of its profile task (which stays pending when no worker runs).</summary>
    public async Task<Guid> UploadForTaskAsync()
    {
        using var content = new MultipartFormDataContent();
        var file = new ByteArrayContent("x,y\n1,2\n3,4\n"u8.ToArray());
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        content.Add(file, "file", "tiny.csv");
        using var response = await Client.PostAsync("/api/upload", content);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return body.GetProperty("task").GetProperty("id").GetGuid();
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
