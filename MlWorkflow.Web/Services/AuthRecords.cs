namespace MlWorkflow.Web.Services;

public sealed record Credentials(string Email, string Password);

public sealed record TokenResponse(string AccessToken, string TokenType, int ExpiresIn);

public sealed record RegisteredUser(Guid Id, string Email);
