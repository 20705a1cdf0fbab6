using System.Text.RegularExpressions;
using MlWorkflow.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;
using static MlWorkflow.Tests.Web.BrowserSession;

namespace MlWorkflow.Tests.Web;

/// <summary>Api tokens that live one minute, so Web's session (which ends 30 s before its token) runs out during a test.</summary>
public sealed class ShortSessionWebAppFixture(InfrastructureFixture infrastructure) : WebAppFixture(infrastructure)
{
    protected override int TokenLifetimeMinutes => 1;

    protected override bool RunsWorker => false;
}

[Slow]
public sealed class SessionExpiryBrowserTests(ShortSessionWebAppFixture app) : IClassFixture<ShortSessionWebAppFixture>
{
    [Fact]
    public Task ExpiredSessionSignsOutAndReturnsAfterSignIn() => RunAsync(app, async page =>
    {
        var email = NewEmail();
        await RegisterAndLogInAsync(page, email);
        await page.GotoAsync("/datasets");
        await WaitForCircuitAsync(page);

        // The open page itself notices (the circuit re-checks the session every 15 s) and sends the user to sign in.
        await Expect(page).ToHaveURLAsync(new Regex("/login\\?expired=true&returnUrl=%2Fdatasets$"), new() { Timeout = 120_000 });
        await Expect(page.GetByText("Your session has ended")).ToBeVisibleAsync();

        await SubmitAccountFormAsync(page, email, "correct horse battery");
        await Expect(page).ToHaveURLAsync(new Regex("/datasets$"));
        await WaitForCircuitAsync(page);
    });
}
