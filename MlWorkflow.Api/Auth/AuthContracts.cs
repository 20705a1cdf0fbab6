using System.ComponentModel.DataAnnotations;

namespace MlWorkflow.Api.Auth;

public sealed record RegisterRequest(
    [Required]
    [StringLength(254)]
    [RegularExpression(AuthContracts.EmailPattern, ErrorMessage = "Email must look like name@example.com.")]
    string Email,
    [Required]
    [StringLength(256, MinimumLength = 8, ErrorMessage = "Password must be 8 to 256 characters long.")]
    string Password);

public sealed record TokenRequest(
    [Required] [StringLength(254)] string Email,
    [Required] [StringLength(256)] string Password);

public sealed record UserResponse(Guid Id, string Email);

public sealed record TokenResponse(string AccessToken, string TokenType, int ExpiresIn);

/// <summary>The signed-in account; <c>isAdmin</c> decides who may open the Hangfire dashboard.</summary>
public sealed record MeResponse(Guid Id, string Email, bool IsAdmin);

public static class AuthContracts
{
    public const string EmailPattern = @"^\s*[^@\s]+@[^@\s]+\.[^@\s]+\s*$";

    /// <summary>Emails are compared trimmed and lower-cased.</summary>
    public static string NormalizeEmail(string email) => email.Trim().ToLowerInvariant();
}
