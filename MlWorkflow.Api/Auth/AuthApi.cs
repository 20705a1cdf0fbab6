using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using MlWorkflow.Api.Extensions;
using MlWorkflow.Core.Data;
using MlWorkflow.Core.Users;
using Npgsql;

namespace MlWorkflow.Api.Auth;

public static class AuthApi
{
    public static RouteGroupBuilder MapAuthApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/auth").WithTags("Auth");

        group.MapPost("/register", RegisterAsync).WithSummary("Create an account.");
        group.MapPost("/token", IssueTokenAsync).WithSummary("Exchange email and password for a bearer token.");

        return group;
    }

    public static async Task<Results<Created<UserResponse>, ProblemHttpResult>> RegisterAsync(
        RegisterRequest request, MlWorkflowDbContext db, CancellationToken cancellationToken)
    {
        var email = AuthContracts.NormalizeEmail(request.Email);
        if (await db.Users.AnyAsync(u => u.Email == email, cancellationToken))
        {
            return EmailTaken(email);
        }
        var user = new User { Email = email, PasswordHash = PasswordHasher.Hash(request.Password) };
        db.Users.Add(user);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            return EmailTaken(email);
        }
        return TypedResults.Created((string?)null, new UserResponse(user.Id, user.Email));
    }

    public static async Task<Results<Ok<TokenResponse>, ProblemHttpResult>> IssueTokenAsync(
        TokenRequest request, MlWorkflowDbContext db, TokenIssuer issuer, CancellationToken cancellationToken)
    {
        var email = AuthContracts.NormalizeEmail(request.Email);
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Email == email, cancellationToken);
        if (!PasswordHasher.Verify(request.Password, user?.PasswordHash) || user is null)
        {
            return Problems.Create(StatusCodes.Status401Unauthorized, "invalid_credentials",
                "The email or the password is wrong.",
                "Check both, or create an account with POST /api/auth/register.");
        }
        return TypedResults.Ok(issuer.Issue(user));
    }

    private static ProblemHttpResult EmailTaken(string email) =>
        Problems.Create(StatusCodes.Status409Conflict, "email_taken",
            $"An account with the email '{email}' already exists.",
            "Log in with POST /api/auth/token, or register with another email.");
}
