using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;

namespace MlWorkflow.Api.Auth;

public static class ClaimsPrincipalExtensions
{
    /// <summary>The user id in the token's <c>sub</c> claim (only on authenticated endpoints).</summary>
    public static Guid GetUserId(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(JwtRegisteredClaimNames.Sub), out var id)
            ? id
            : throw new InvalidOperationException("The authenticated user has no 'sub' claim holding a user id.");
}
