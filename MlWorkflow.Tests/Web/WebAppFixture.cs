using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using MlWorkflow.Tests.Infrastructure;

namespace MlWorkflow.Tests.Web;

/// <summary>
/// The real Api, Worker and Web as separate processes on a fresh database (Web finds the Api through the same
/// service-discovery setting Aspire would give it), plus Debian's Chromium driven by Playwright. The first account
/// registered is the administrator: the fixture registers it (<see cref="AdminEmail"/>) before any test runs.
/// </summary>
public class WebAppFixture(InfrastructureFixture infrastructure) : IAsyncLifetime
{
    // Debian's chromium: nothing is downloaded (never run `playwright install`: the Playwright package ships its driver).
    private static readonly string[] s_chromiumArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync",
    ];

    public const string Password = "correct horse battery";

    private AppServer? _api;
    private AppServer? _worker;
    private AppServer? _web;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public Uri WebAddress => (_web ?? throw new InvalidOperationException("Web is not started.")).Address;

    public Uri ApiAddress => (_api ?? throw new InvalidOperationException("The Api is not started.")).Address;

    /// <summary>The database the Api and Worker share, for tests that must hold a lock to make a request wait.</summary>
    public string DatabaseConnectionString { get; private set; } = "";

    /// <summary>The installation's administrator (the first account registered), with <see cref="Password"/>.</summary>
    public string AdminEmail { get; } = $"admin.{Guid.NewGuid():N}@example.com";

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The browser is not started.");

    /// <summary>How long the Api's tokens live (Jwt:LifetimeMinutes); Web's session ends with the token.</summary>
    protected virtual int TokenLifetimeMinutes => 480;

    /// <summary>Whether a Worker runs the tasks (profiles); tests of sign-in alone do without.</summary>
    protected virtual bool RunsWorker => true;

    /// <summary>artifacts/TestResults/screenshots, beside the test output's artifacts/bin.</summary>
    public static string ScreenshotDirectory { get; } =
        Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "TestResults", "screenshots"));

    public async ValueTask InitializeAsync()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var database = DatabaseConnectionString = await infrastructure.CreateDatabaseAsync("web");
        _api = await AppServer.StartAsync("MlWorkflow.Api", new Dictionary<string, string>
        {
            ["environment"] = "Development",
            ["ConnectionStrings:mlworkflowdb"] = database,
            ["ConnectionStrings:cache"] = infrastructure.Redis.ConnectionString,
            ["Jwt:SigningKey"] = $"browser-tests-signing-key-{Guid.NewGuid():N}",
            ["Jwt:LifetimeMinutes"] = TokenLifetimeMinutes.ToString(CultureInfo.InvariantCulture),
        }, cancellationToken);
        await RegisterAdministratorAsync(cancellationToken);
        if (RunsWorker)
        {
            _worker = await AppServer.StartAsync("MlWorkflow.Worker", new Dictionary<string, string>
            {
                ["environment"] = "Development",
                ["ConnectionStrings:mlworkflowdb"] = database,
                ["ConnectionStrings:cache"] = infrastructure.Redis.ConnectionString,
                ["Worker:Count"] = "2",
            }, cancellationToken);
        }
        _web = await AppServer.StartAsync("MlWorkflow.Web", new Dictionary<string, string>
        {
            ["environment"] = "Development",
            ["services:api:http:0"] = _api.Address.ToString().TrimEnd('/'),
            ["ConnectionStrings:mlworkflowdb"] = database, // Hangfire's dashboard only
        }, cancellationToken);

        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new() { ExecutablePath = "/usr/bin/chromium", Args = s_chromiumArgs });
        Directory.CreateDirectory(ScreenshotDirectory);
        foreach (var stale in Directory.EnumerateFiles(ScreenshotDirectory, "*-failure.png"))
        {
            File.Delete(stale);
        }
    }

    /// <summary>What the servers printed, for failure messages.</summary>
    public string ServerOutput =>
        $"--- MlWorkflow.Api ---\n{_api?.Output}\n--- MlWorkflow.Worker ---\n{_worker?.Output}\n--- MlWorkflow.Web ---\n{_web?.Output}";

    /// <summary>An HttpClient for the Api signed in as <paramref name="email"/> (for set-up a browser would make slow, e.g. big uploads).</summary>
    public async Task<HttpClient> CreateApiClientAsync(string email, CancellationToken cancellationToken)
    {
        var client = new HttpClient { BaseAddress = ApiAddress, Timeout = TimeSpan.FromMinutes(5) };
        using var response = await client.PostAsJsonAsync("/api/auth/token", new { email, password = Password }, cancellationToken);
        response.EnsureSuccessStatusCode();
        var token = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        client.DefaultRequestHeaders.Authorization = new("Bearer", token.GetProperty("accessToken").GetString());
        return client;
    }

    private async Task RegisterAdministratorAsync(CancellationToken cancellationToken)
    {
        using var client = new HttpClient { BaseAddress = ApiAddress };
        using var response = await client.PostAsJsonAsync("/api/auth/register", new { email = AdminEmail, password = Password }, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException(
                $"Registering the administrator failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }
        _playwright?.Dispose();
        if (_web is not null)
        {
            await _web.DisposeAsync();
        }
        if (_worker is not null)
        {
            await _worker.DisposeAsync();
        }
        if (_api is not null)
        {
            await _api.DisposeAsync();
        }
        GC.SuppressFinalize(this);
    }
}
