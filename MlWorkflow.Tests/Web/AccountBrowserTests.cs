using System.Text.RegularExpressions;
using Microsoft.Playwright;
using MlWorkflow.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;
using static MlWorkflow.Tests.Web.BrowserSession;

namespace MlWorkflow.Tests.Web;

[Collection(nameof(BrowserCollection))]
[Slow]
public sealed class AccountBrowserTests(WebAppFixture app)
{
    [Fact]
    public Task ProtectedPageSendsToLoginAndBackAfterRegistering() => RunAsync(app, async page =>
    {
        var email = NewEmail();
        await page.GotoAsync("/datasets");
        await Expect(page).ToHaveURLAsync(new Regex("/login\\?returnUrl=%2Fdatasets$"));

        await page.GetByRole(AriaRole.Link, new() { Name = "Create one" }).ClickAsync();
        // The link navigates without a page load: filling before the register form replaced the login form
        // would type into the login form's Email field.
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Create your account" })).ToBeVisibleAsync();
        await SubmitAccountFormAsync(page, email, "correct horse battery");
        await Expect(page.GetByText("Account created")).ToBeVisibleAsync();
        await SubmitAccountFormAsync(page, email: null, "correct horse battery");

        await Expect(page).ToHaveURLAsync(new Regex("/datasets$"));
        await WaitForCircuitAsync(page);
        await Expect(page.GetByText(email)).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Log out" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/login$"));
        await page.GotoAsync("/");
        await Expect(page).ToHaveURLAsync(new Regex("/login\\?returnUrl=%2F$"));
    });

    [Fact]
    public Task WrongPasswordShowsTheApiErrorOnTheForm() => RunAsync(app, async page =>
    {
        var email = NewEmail();
        await RegisterAndLogInAsync(page, email);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log out" }).ClickAsync();

        await SubmitAccountFormAsync(page, email, "not the password");

        var problem = page.GetByTestId("problem");
        await Expect(problem).ToContainTextAsync("Sign-in failed");
        await Expect(problem).ToContainTextAsync("The email or the password is wrong.");
        await Expect(problem).ToContainTextAsync("How to fix:");
        await Expect(page.Locator("input[name=Email]")).ToHaveValueAsync(email);
    });

    [Fact]
    public Task ShortPasswordIsRejectedWithTheReason() => RunAsync(app, async page =>
    {
        await page.GotoAsync("/register");

        await SubmitAccountFormAsync(page, NewEmail(), "short");

        var problem = page.GetByTestId("problem");
        await Expect(problem).ToContainTextAsync("Registration failed");
        await Expect(problem).ToContainTextAsync("8");
        await ScreenshotAsync(page, "register-rejected");
    });

    [Fact]
    public Task LoginNeverRedirectsToAnotherSite() => RunAsync(app, async page =>
    {
        var email = NewEmail();
        await RegisterAndLogInAsync(page, email);
        foreach (var returnUrl in new[] { "https://evil.example/", "//evil.example/", "/\\evil.example/" })
        {
            await page.GetByRole(AriaRole.Button, new() { Name = "Log out" }).ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex("/login$"));

            await page.GotoAsync($"/login?returnUrl={Uri.EscapeDataString(returnUrl)}");
            await SubmitAccountFormAsync(page, email, "correct horse battery");

            await Expect(page).ToHaveURLAsync(new Uri(app.WebAddress, "/").ToString());
            await WaitForCircuitAsync(page);
        }
    });
}
