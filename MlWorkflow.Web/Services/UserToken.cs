using System.Globalization;
using System.Security.Claims;

namespace MlWorkflow.Web.Services;

/// <summary>The claims Web's cookie keeps about the signed-in user: the Api's access token and when it expires.</summary>
public static class UserToken
{
    public const string AccessTokenClaim = "mlworkflow:access_token";
    public const string ExpiresAtClaim = "mlworkflow:expires_at";

    public static ClaimsPrincipal CreatePrincipal(string email, TokenResponse token, DateTimeOffset expiresAt, string authenticationType) =>
        new(new ClaimsIdentity(
        [
            new Claim(ClaimTypes.Name, email),
            new Claim(ClaimTypes.Email, email),
            new Claim(AccessTokenClaim, token.AccessToken),
            new Claim(ExpiresAtClaim, expiresAt.ToString("O", CultureInfo.InvariantCulture)),
        ], authenticationType));

    public static string? GetAccessToken(this ClaimsPrincipal user) => user.FindFirst(AccessTokenClaim)?.Value;

    public static bool HasValidToken(this ClaimsPrincipal user, TimeProvider time) =>
        user.GetAccessToken() is not null
        && DateTimeOffset.TryParse(user.FindFirst(ExpiresAtClaim)?.Value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var expiresAt)
        && expiresAt > time.GetUtcNow();
}
