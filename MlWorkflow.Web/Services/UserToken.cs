using System.Globalization;
using System.Security.Claims;

namespace MlWorkflow.Web.Services;

/// <summary>The claims Web's cookie keeps about the signed-in user: who, the Api's access token, when it expires, and the admin role.</summary>
public static class UserToken
{
    public const string AccessTokenClaim = "mlworkflow:access_token";
    public const string ExpiresAtClaim = "mlworkflow:expires_at";

    /// <summary>The role of administrators (the Api's <c>isAdmin</c>): they may open the Hangfire dashboard.</summary>
    public const string AdminRole = "admin";

    /// <summary>The authorization policy that requires <see cref="AdminRole"/>.</summary>
    public const string AdminPolicy = "admin";

    public static ClaimsPrincipal CreatePrincipal(CurrentUser user, TokenResponse token, DateTimeOffset expiresAt, string authenticationType)
    {
        List<Claim> claims =
        [
            new(ClaimTypes.NameIdentifier, user.Id.ToString()),
            new(ClaimTypes.Name, user.Email),
            new(ClaimTypes.Email, user.Email),
            new(AccessTokenClaim, token.AccessToken),
            new(ExpiresAtClaim, expiresAt.ToString("O", CultureInfo.InvariantCulture)),
        ];
        if (user.IsAdmin)
        {
            claims.Add(new(ClaimTypes.Role, AdminRole));
        }
        return new(new ClaimsIdentity(claims, authenticationType));
    }

    public static string? GetAccessToken(this ClaimsPrincipal user) => user.FindFirst(AccessTokenClaim)?.Value;

    public static bool HasValidToken(this ClaimsPrincipal user, TimeProvider time) =>
        user.GetAccessToken() is not null
        && DateTimeOffset.TryParse(user.FindFirst(ExpiresAtClaim)?.Value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var expiresAt)
        && expiresAt > time.GetUtcNow();
}
