using System.Globalization;
using Microsoft.Playwright;
using MlWorkflow.Tests.Infrastructure;

namespace MlWorkflow.Tests.Web;

/// <summary>
/// The real Api and Web as separate processes on a fresh database (Web finds the Api through the same
/// service-discovery setting Aspire would give it), plus Debian's Chromium driven by Playwright.
/// </summary>
public class WebAppFixture(InfrastructureFixture infrastructure) : IAsyncLifetime
{
    // Debian's chromium: nothing is downloaded (never run `playwright install`); see FACTS.md.
    private static readonly string[] s_chromiumArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync",
    ];

    private AppServer? _api;
    private AppServer? _web;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public Uri WebAddress => (_web ?? throw new InvalidOperationException("Web is not started.")).Address;

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The browser is not started.");

    /// <summary>How long the Api's tokens live (Jwt:LifetimeMinutes); Web's session ends with the token.</summary>
    protected virtual int TokenLifetimeMinutes => 480;

    /// <summary>artifacts/TestResults/screenshots, beside the test output's artifacts/bin.</summary>
    public static string ScreenshotDirectory { get; } =
        Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "TestResults", "screenshots"));

    public async ValueTask InitializeAsync()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var database = await infrastructure.CreateDatabaseAsync("web");
        _api = await AppServer.StartAsync("MlWorkflow.Api", new Dictionary<string, string>
        {
            ["environment"] = "Development",
            ["ConnectionStrings:mlworkflowdb"] = database,
            ["ConnectionStrings:cache"] = infrastructure.Redis.ConnectionString,
            ["Jwt:SigningKey"] = $"browser-tests-signing-key-{Guid.NewGuid():N}",
            ["Jwt:LifetimeMinutes"] = TokenLifetimeMinutes.ToString(CultureInfo.InvariantCulture),
        }, cancellationToken);
        _web = await AppServer.StartAsync("MlWorkflow.Web", new Dictionary<string, string>
        {
            ["environment"] = "Development",
            ["services:api:http:0"] = _api.Address.ToString().TrimEnd('/'),
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
        $"--- MlWorkflow.Api ---\n{_api?.Output}\n--- MlWorkflow.Web ---\n{_web?.Output}";

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
        if (_api is not null)
        {
            await _api.DisposeAsync();
        }
        GC.SuppressFinalize(this);
    }
}
