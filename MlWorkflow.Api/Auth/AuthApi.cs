using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using MlWorkflow.Api.Extensions;
using MlWorkflow.Core.Data;
using MlWorkflow.Core.Users;
using Npgsql;

namespace MlWorkflow.Api.Auth;

public static class AuthApi
{
    // pg_advisory_xact_lock key serialising "is this the first account?" (any constant unique to this purpose).
    private const long FirstAdminLockKey = 0x6D6C_7766_6164_6D6E;

    public static RouteGroupBuilder MapAuthApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/auth").WithTags("Auth");

        group.MapPost("/register", RegisterAsync).WithName("Auth_Register")
            .WithSummary("Create an account (the first account ever registered becomes the administrator).")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        group.MapPost("/token", IssueTokenAsync).WithName("Auth_Token").WithSummary("Exchange email and password for a bearer token.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        group.MapGet("/me", GetMeAsync).WithName("Auth_Me").RequireAuthorization()
            .WithSummary("Who the bearer token belongs to, and whether they are an administrator.");

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
        try
        {
            await AddUserAsync(db, user, cancellationToken);
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

    public static async Task<Results<Ok<MeResponse>, ProblemHttpResult>> GetMeAsync(
        ClaimsPrincipal principal, MlWorkflowDbContext db, CancellationToken cancellationToken)
    {
        var id = principal.GetUserId();
        var me = await db.Users.AsNoTracking().Where(u => u.Id == id)
            .Select(u => new MeResponse(u.Id, u.Email, u.IsAdmin)).SingleOrDefaultAsync(cancellationToken);
        return me is not null
            ? TypedResults.Ok(me)
            : Problems.Create(StatusCodes.Status401Unauthorized, "unknown_user",
                "The bearer token names an account that no longer exists.",
                "Register again with POST /api/auth/register and get a new token.");
    }

    /// <summary>
    /// Inserts the user; the first account ever becomes the administrator. Once any account exists nothing is
    /// locked; while none does, an advisory lock makes two simultaneous first registrations take turns.
    /// </summary>
    private static async Task AddUserAsync(MlWorkflowDbContext db, User user, CancellationToken cancellationToken)
    {
        if (await db.Users.AnyAsync(cancellationToken))
        {
            db.Users.Add(user);
            await db.SaveChangesAsync(cancellationToken);
            return;
        }
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({FirstAdminLockKey})", cancellationToken);
        user.IsAdmin = !await db.Users.AnyAsync(cancellationToken);
        db.Users.Add(user);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private static ProblemHttpResult EmailTaken(string email) =>
        Problems.Create(StatusCodes.Status409Conflict, "email_taken",
            $"An account with the email '{email}' already exists.",
            "Log in with POST /api/auth/token, or register with another email.");
}
