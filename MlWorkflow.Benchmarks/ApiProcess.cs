using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using MlWorkflow.Tests.Infrastructure;

namespace MlWorkflow.Benchmarks;

/// <summary>The real Api as a separate process (as in production), signed in as a fresh user.</summary>
public sealed class ApiProcess : IDisposable
{
    private readonly ServerProcess _process;

    private ApiProcess(ServerProcess process, HttpClient client)
    {
        _process = process;
        Client = client;
    }

    public HttpClient Client { get; }

    public int ProcessId => _process.Id;

    public static async Task<ApiProcess> StartAsync(string databaseConnectionString, string cacheConnectionString)
    {
        var dll = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "MlWorkflow.Api",
            Path.GetFileName(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)), "MlWorkflow.Api.dll"));
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException("Build the Api first (dotnet build -c Release MlWorkflow.Benchmarks).", dll);
        }
        var port = FreePort.Next();
        Environment.SetEnvironmentVariable("ConnectionStrings__mlworkflowdb", databaseConnectionString);
        Environment.SetEnvironmentVariable("ConnectionStrings__cache", cacheConnectionString);
        Environment.SetEnvironmentVariable("Jwt__SigningKey", Convert.ToBase64String(Guid.NewGuid().ToByteArray()) + "-benchmark-signing-key");
        Environment.SetEnvironmentVariable("ASPNETCORE_ENVIRONMENT", "Production");
        Environment.SetEnvironmentVariable("Logging__LogLevel__Default", "Warning");
        var process = ServerProcess.Start("dotnet", [dll, "--urls", $"http://127.0.0.1:{port}"]);

        var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromMinutes(30) };
        var stopwatch = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                if ((await client.GetAsync("/health")).IsSuccessStatusCode)
                {
                    break;
                }
            }
            catch (HttpRequestException)
            {
            }
            if (process.HasExited || stopwatch.Elapsed > TimeSpan.FromSeconds(60))
            {
                throw new InvalidOperationException($"The Api did not become healthy.\n{process.Output}");
            }
            await Task.Delay(200);
        }

        var credentials = new { email = $"bench-{Guid.NewGuid():N}@example.com", password = "benchmark-password" };
        (await client.PostAsJsonAsync("/api/auth/register", credentials)).EnsureSuccessStatusCode();
        var token = await (await client.PostAsJsonAsync("/api/auth/token", credentials)).Content.ReadFromJsonAsync<JsonElement>();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.GetProperty("accessToken").GetString());
        return new ApiProcess(process, client);
    }

    /// <summary>Resident set size now, from /proc (bytes).</summary>
    public long ResidentBytes() => ReadStatus("VmRSS:");

    private long ReadStatus(string field)
    {
        foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
        {
            if (line.StartsWith(field, StringComparison.Ordinal))
            {
                return long.Parse(line[field.Length..].Trim().Split(' ')[0]) * 1024;
            }
        }
        throw new InvalidOperationException($"{field} not found in /proc/{_process.Id}/status.");
    }

    public void Dispose()
    {
        Client.Dispose();
        _process.Stop(ServerProcess.SigTerm, TimeSpan.FromSeconds(10));
        _process.Dispose();
    }
}
