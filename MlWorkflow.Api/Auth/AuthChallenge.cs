using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;

namespace MlWorkflow.Api.Auth;

/// <summary>Turns a 401 from the bearer handler into problem+json that says why the token was refused.</summary>
public static class AuthChallenge
{
    public static async Task WriteProblemAsync(JwtBearerChallengeContext context)
    {
        context.HandleResponse();
        var (detail, fix) = context.AuthenticateFailure switch
        {
            SecurityTokenExpiredException expired => (
                $"The bearer token expired at {expired.Expires:u}.",
                "Get a new token from POST /api/auth/token."),
            not null => (
                "The bearer token is not valid (bad signature, issuer, audience or format).",
                "Send a token issued by POST /api/auth/token of this server, as 'Authorization: Bearer <token>'."),
            null => (
                "This endpoint needs a bearer token and the request has none.",
                "Get a token from POST /api/auth/token and send it as 'Authorization: Bearer <token>'."),
        };
        var response = context.Response;
        response.StatusCode = StatusCodes.Status401Unauthorized;
        response.Headers.WWWAuthenticate = context.AuthenticateFailure is null ? "Bearer" : "Bearer error=\"invalid_token\"";
        var problems = context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context.HttpContext,
            ProblemDetails =
            {
                Status = StatusCodes.Status401Unauthorized,
                Detail = detail,
                Extensions = { ["code"] = "unauthenticated", ["fix"] = fix },
            },
        });
    }
}
