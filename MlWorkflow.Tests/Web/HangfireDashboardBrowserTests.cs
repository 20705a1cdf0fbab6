using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using MlWorkflow.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;
using static MlWorkflow.Tests.Web.BrowserSession;

namespace MlWorkflow.Tests.Web;

/// <summary>Hangfire's dashboard lives in Web behind real sign-in, for the administrator (the first account) only.</summary>
[Collection(nameof(BrowserCollection))]
[Slow]
public sealed class HangfireDashboardBrowserTests(WebAppFixture app)
{
    [Fact]
    public Task HangfireDashboardOpensForTheAdministratorOnly() => RunAsync(app, async page =>
    {
        await page.GotoAsync("/hangfire");
        await Expect(page).ToHaveURLAsync(new Regex("/login\\?returnUrl=%2Fhangfire$"));

        await LogInAsync(page, app.AdminEmail);
        await Expect(page.GetByTestId("nav-hangfire")).ToHaveAttributeAsync("href", "/hangfire");
        // The dashboard's own scripts and styles pass the same check (a query-string token would not reach them).
        var assets = new List<(string Url, int Status)>();
        page.Response += (_, asset) =>
        {
            if (asset.Url.Contains("/hangfire/css", StringComparison.Ordinal) || asset.Url.Contains("/hangfire/js", StringComparison.Ordinal))
            {
                lock (assets)
                {
                    assets.Add((asset.Url, asset.Status));
                }
            }
        };
        var response = await page.GotoAsync("/hangfire", new() { WaitUntil = WaitUntilState.NetworkIdle });
        Assert.Equal((int)HttpStatusCode.OK, response!.Status);
        await Expect(page.Locator(".navbar-brand")).ToHaveTextAsync("MlWorkflow jobs");
        lock (assets)
        {
            Assert.Contains(assets, a => a.Url.Contains("/hangfire/css", StringComparison.Ordinal));
            Assert.Contains(assets, a => a.Url.Contains("/hangfire/js", StringComparison.Ordinal));
            Assert.All(assets, a => Assert.Equal(200, a.Status));
        }
        await ScreenshotAsync(page, "hangfire-dashboard");
        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Button, new() { Name = "Log out" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/login$"));

        await RegisterAndLogInAsync(page, NewEmail());
        await Expect(page.GetByText("Dashboard").First).ToBeVisibleAsync();
        await Expect(page.GetByTestId("nav-hangfire")).ToHaveCountAsync(0);
        response = await page.GotoAsync("/hangfire");
        Assert.Equal((int)HttpStatusCode.Forbidden, response!.Status);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Administrators only" })).ToBeVisibleAsync();
    });
}
