namespace MlWorkflow.Core.Users;

/// <summary>An account. <see cref="Email"/> is stored trimmed and lower-cased, and is unique.</summary>
public sealed class User
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public required string Email { get; set; }

    public required string PasswordHash { get; set; }

    /// <summary>
    /// Administrators may open the Hangfire dashboard (it shows every user's jobs). The first account ever
    /// registered becomes the administrator.
    /// </summary>
    public bool IsAdmin { get; set; }

    public DateTimeOffset CreatedAt { get; init; } = DateTimeOffset.UtcNow;
}
