using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;

namespace MlWorkflow.Api.Deployments.Keys;

/// <summary>
/// The <c>X-Api-Key</c> scheme of the predict endpoint. A known live key signs the caller in as that key of its
/// deployment (claims <see cref="DeploymentClaim"/> and <see cref="KeyClaim"/>); the endpoint then checks it is the
/// deployment asked for. An unknown or revoked key is answered 404 like a key of another deployment: the caller learns
/// nothing about which deployments exist.
/// </summary>
public sealed class DeploymentKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, DeploymentKeyLookup keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "DeploymentKey";

    /// <summary>Bearer token or deployment key, whichever the request carries (the key when both).</summary>
    public const string BearerOrKeyScheme = "BearerOrDeploymentKey";

    public const string DeploymentClaim = "deployment_id";
    public const string KeyClaim = "deployment_key_id";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(DeploymentKeyFormat.HeaderName, out var header))
        {
            return AuthenticateResult.NoResult();
        }
        var key = header.ToString().Trim();
        if (!DeploymentKeyFormat.LooksLikeKey(key))
        {
            return AuthenticateResult.Fail("The X-Api-Key header does not hold a deployment key.");
        }
        if (await keys.FindAsync(DeploymentKeyFormat.Hash(key), Context.RequestAborted) is not (var keyId, var deploymentId))
        {
            return AuthenticateResult.Fail("No live deployment key matches.");
        }
        var identity = new ClaimsIdentity(
            [new Claim(DeploymentClaim, deploymentId.ToString("D")), new Claim(KeyClaim, keyId.ToString("D"))], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var id = Request.RouteValues.TryGetValue("id", out var value) ? value?.ToString() : null;
        await ServingProblems.NotFound(Guid.TryParse(id, out var deploymentId) ? deploymentId : Guid.Empty).ExecuteAsync(Context);
    }

    /// <summary>Sends a request to the key scheme when it has an <c>X-Api-Key</c> header, else to the bearer scheme.</summary>
    public static string SelectScheme(HttpContext context) =>
        context.Request.Headers.ContainsKey(DeploymentKeyFormat.HeaderName) ? SchemeName : JwtBearerDefaults.AuthenticationScheme;
}
