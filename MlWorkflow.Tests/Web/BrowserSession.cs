using System.Runtime.CompilerServices;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace MlWorkflow.Tests.Web;

/// <summary>Runs one browser test in its own browser context; on failure saves a screenshot and attaches the servers' output.</summary>
public static class BrowserSession
{
    /// <summary>
    /// For a page's URL after a click that navigates: an assertion that polls the URL. page.WaitForURLAsync checks the URL,
    /// then waits for a navigation event, and misses a Blazor navigation that lands between the two (seen in CI).
    /// </summary>
    public static readonly PageAssertionsToHaveURLOptions UntilNavigated = new() { Timeout = 60_000 };

    /// <summary>How long a test waits for anything: generous, as the suite shares 2 cores with builds.</summary>
    public const float TimeoutMs = 60_000;

    public static async Task RunAsync(WebAppFixture app, Func<IPage, Task> test, [CallerMemberName] string name = "")
    {
        SetDefaultExpectTimeout(TimeoutMs);
        await using var context = await app.Browser.NewContextAsync(new()
        {
            BaseURL = app.WebAddress.ToString(),
            ViewportSize = new() { Width = 1440, Height = 1200 },
            AcceptDownloads = true,
        });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(TimeoutMs);
        try
        {
            await test(page);
        }
        catch
        {
            await ScreenshotAsync(page, $"{name}-failure");
            TestContext.Current.AddAttachment("server output", app.ServerOutput);
            throw;
        }
    }

    public static async Task<string> ScreenshotAsync(IPage page, string name)
    {
        var path = Path.Combine(WebAppFixture.ScreenshotDirectory, $"{name}.png");
        await page.ScreenshotAsync(new() { Path = path, FullPage = true });
        return path;
    }

    public static string NewEmail() => $"browser.{Guid.NewGuid():N}@example.com";

    /// <summary>Registers through the form, then signs in on the login page it leads to.</summary>
    public static async Task RegisterAndLogInAsync(IPage page, string email, string password = WebAppFixture.Password)
    {
        await page.GotoAsync("/register");
        await SubmitAccountFormAsync(page, email, password);
        await Expect(page.GetByText("Account created")).ToBeVisibleAsync();
        await Expect(page.Locator("input[name=Email]")).ToHaveValueAsync(email);
        await SubmitAccountFormAsync(page, email: null, password);
        await WaitForCircuitAsync(page);
    }

    /// <summary>Signs in an existing account on the login page.</summary>
    public static async Task LogInAsync(IPage page, string email, string password = WebAppFixture.Password)
    {
        await page.GotoAsync("/login");
        await SubmitAccountFormAsync(page, email, password);
        await WaitForCircuitAsync(page);
    }

    public static async Task SubmitAccountFormAsync(IPage page, string? email, string password)
    {
        if (email is not null)
        {
            await page.FillAsync("input[name=Email]", email);
        }
        await page.FillAsync("input[name=Password]", password);
        await page.ClickAsync("form button[type=submit]");
    }

    /// <summary>Clicks before the Blazor circuit is live are lost: the layout marks itself once it is.</summary>
    public static Task WaitForCircuitAsync(IPage page) =>
        Expect(page.Locator("[data-interactive=true]")).ToBeAttachedAsync();

    public static string SamplePath(string fileName) => Path.Combine(AppContext.BaseDirectory, "samples", fileName);

    public static string BadUploadPath(string fileName) => Path.Combine(AppContext.BaseDirectory, "Corpus", "BadUploads", fileName);

    public static async Task UploadAsync(IPage page, string path)
    {
        await Expect(page.GetByTestId("upload-area")).ToBeVisibleAsync();
        // Blazor's InputFile attaches its change listener from JS after its first interactive render (its init sets
        // _blazorInputFileNextFileId); files set before that are silently lost.
        await page.WaitForFunctionAsync("""
            () => document.querySelector('[data-testid=upload-area] input[type=file]')?._blazorInputFileNextFileId !== undefined
            """);
        await page.Locator("[data-testid=upload-area] input[type=file]").SetInputFilesAsync(path);
    }
}
