using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using MlWorkflow.Web.Services;

namespace MlWorkflow.Web.Extensions;

/// <summary>
/// The login and register pages are plain HTML forms (static rendering) that post here. These endpoints call the
/// Api and keep its token in Web's own cookie; errors go back to the form in the query string (post-redirect-get).
/// </summary>
public static class AccountEndpoints
{
    public static RouteGroupBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/account").ExcludeFromDescription();
        group.MapPost("/login", LoginAsync);
        group.MapPost("/register", RegisterAsync);
        group.MapPost("/logout", LogoutAsync);
        group.MapGet("/expired", ExpiredAsync);
        return group;
    }

    public static async Task<RedirectHttpResult> LoginAsync(
        [FromForm] AccountForm form, HttpContext context, AuthClient auth, TimeProvider time, CancellationToken cancellationToken)
    {
        var returnUrl = LocalUrl(form.ReturnUrl);
        if (form.Validate() is { } invalid)
        {
            return BackTo("/login", form, returnUrl, invalid, "Fill in both fields.");
        }
        try
        {
            var token = await auth.CreateTokenAsync(new(form.Email!.Trim(), form.Password!), cancellationToken);
            // End the cookie a little before the token so Web never forwards an expired token.
            var expiresAt = time.GetUtcNow().AddSeconds(Math.Max(token.ExpiresIn - 30, 1));
            // Who the token belongs to, and whether they administer (the role the Hangfire dashboard requires).
            var user = await auth.GetCurrentUserAsync(token.AccessToken, cancellationToken);
            var principal = UserToken.CreatePrincipal(user, token, expiresAt, CookieAuthenticationDefaults.AuthenticationScheme);
            await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, principal,
                new AuthenticationProperties { ExpiresUtc = expiresAt, IsPersistent = true, AllowRefresh = false });
            return TypedResults.LocalRedirect(returnUrl);
        }
        catch (ProblemException problem)
        {
            return BackTo("/login", form, returnUrl, Describe(problem), FormFix(problem) ?? problem.Fix);
        }
    }

    public static async Task<RedirectHttpResult> RegisterAsync(
        [FromForm] AccountForm form, AuthClient auth, CancellationToken cancellationToken)
    {
        var returnUrl = LocalUrl(form.ReturnUrl);
        if (form.Validate() is { } invalid)
        {
            return BackTo("/register", form, returnUrl, invalid, "Fill in both fields.");
        }
        try
        {
            var user = await auth.RegisterAsync(new(form.Email!.Trim(), form.Password!), cancellationToken);
            return TypedResults.LocalRedirect(QueryString("/login", ("registered", "true"), ("email", user.Email), ("returnUrl", returnUrl)));
        }
        catch (ProblemException problem)
        {
            return BackTo("/register", form, returnUrl, Describe(problem), FormFix(problem) ?? problem.Fix);
        }
    }

    public static async Task LogoutAsync(HttpContext context)
    {
        await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        context.Response.Redirect("/login");
    }

    public static async Task<RedirectHttpResult> ExpiredAsync(HttpContext context, string? returnUrl)
    {
        await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return TypedResults.LocalRedirect(QueryString("/login", ("expired", "true"), ("returnUrl", LocalUrl(returnUrl))));
    }

    /// <summary>Only paths of this site, so a crafted link cannot send the user elsewhere after login.</summary>
    public static string LocalUrl(string? url) =>
        url is { Length: > 0 } && url[0] == '/' && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal)
            ? url
            : "/";

    // The Api's own problems carry a code and a specific detail; others (Api unreachable) need their title too.
    private static string Describe(ProblemException problem) =>
        problem.Code is not null && problem.Detail is not null ? problem.Detail
        : problem.Detail is null ? problem.Title
        : $"{problem.Title}: {problem.Detail}";

    // The Api's fixes speak of endpoints; on the forms, say it in the form's terms.
    private static string? FormFix(ProblemException problem) => problem.Code switch
    {
        "invalid_credentials" => "Check the email and password, or create an account first.",
        "email_taken" => "Sign in with this email, or register with another one.",
        "validation_failed" => "Correct the email or password and try again.",
        _ => null,
    };

    private static RedirectHttpResult BackTo(string page, AccountForm form, string returnUrl, string error, string? fix) =>
        TypedResults.LocalRedirect(QueryString(page, ("error", error), ("fix", fix), ("email", form.Email?.Trim()), ("returnUrl", returnUrl)));

    private static string QueryString(string path, params (string Name, string? Value)[] parameters) =>
        path + "?" + string.Join("&", parameters
            .Where(p => !string.IsNullOrEmpty(p.Value) && !(p.Name == "returnUrl" && p.Value == "/"))
            .Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value!)}"));
}

public sealed record AccountForm(string? Email, string? Password, string? ReturnUrl)
{
    public string? Validate() =>
        string.IsNullOrWhiteSpace(Email) ? "Enter your email address."
        : string.IsNullOrEmpty(Password) ? "Enter your password."
        : null;
}
