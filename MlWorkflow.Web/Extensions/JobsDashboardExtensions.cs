using System.Net;
using Hangfire;
using Microsoft.AspNetCore.Authentication.Cookies;
using MlWorkflow.Core.Jobs;
using MlWorkflow.Web.Services;

namespace MlWorkflow.Web.Extensions;

/// <summary>
/// Hangfire's dashboard at /hangfire, inside Web so it sits behind Web's real sign-in (its CSS and JS requests
/// carry the cookie; a query-string token would not reach them). It shows every user's jobs, so it
/// requires the admin role: signed-out users are sent to the login page, other users get 403.
/// </summary>
public static class JobsDashboardExtensions
{
    public const string Path = "/hangfire";

    /// <summary>Hangfire's storage (no server: Web only reads and manages jobs) and the admin policy.</summary>
    public static IHostApplicationBuilder AddJobsDashboard(this IHostApplicationBuilder builder)
    {
        builder.AddMlWorkflowHangfireStorage();
        builder.Services.AddHangfire(HangfireSetup.Configure);
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(UserToken.AdminPolicy, policy => policy.RequireAuthenticatedUser().RequireRole(UserToken.AdminRole));
        builder.Services.PostConfigure<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme, options =>
            // A signed-in user without the role gets a plain 403 page, not a redirect to a page that does not exist.
            options.Events.OnRedirectToAccessDenied = context => WriteForbiddenAsync(context.HttpContext));
        return builder;
    }

    public static IEndpointConventionBuilder MapJobsDashboard(this IEndpointRouteBuilder app) =>
        app.MapHangfireDashboard(Path, new DashboardOptions
        {
            // Endpoint authorization (below) decides; Hangfire's default filter would allow local requests only.
            Authorization = [],
            AppPath = "/",
            DashboardTitle = "MlWorkflow jobs",
            DisplayStorageConnectionString = false,
        }).RequireAuthorization(UserToken.AdminPolicy);

    private static Task WriteForbiddenAsync(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        context.Response.ContentType = "text/html; charset=utf-8";
        var user = WebUtility.HtmlEncode(context.User.Identity?.Name ?? "this account");
        return context.Response.WriteAsync($$"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>Administrators only · MlWorkflow</title>
            <style>body{font-family:system-ui,sans-serif;margin:4rem auto;max-width:40rem;color:#0f172a}a{color:#4f46e5}</style></head>
            <body><h1>Administrators only</h1>
            <p>The jobs dashboard shows every user's jobs, so only administrators may open it, and {{user}} is not one.</p>
            <p>How to fix: sign in with an administrator account (the first account registered on this installation is the administrator).</p>
            <p><a href="/">Back to MlWorkflow</a></p></body></html>
            """);
    }
}
