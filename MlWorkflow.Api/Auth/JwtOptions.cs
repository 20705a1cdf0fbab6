using System.ComponentModel.DataAnnotations;

namespace MlWorkflow.Api.Auth;

/// <summary>Configuration section <c>Jwt</c>: how bearer tokens are signed and checked.</summary>
public sealed class JwtOptions
{
    public const string Section = "Jwt";

    public const int MinimumKeyLength = 32;

    /// <summary>
    /// Only used in Development when <c>Jwt:SigningKey</c> is missing (with a warning): anyone can read
    /// it here, so tokens signed with it prove nothing.
    /// </summary>
    public const string DevelopmentSigningKey = "mlworkflow-development-signing-key-not-a-secret-0123456789";

    /// <summary>HMAC-SHA256 key, at least <see cref="MinimumKeyLength"/> characters.</summary>
    public string? SigningKey { get; set; }

    [Required]
    public string Issuer { get; set; } = "mlworkflow";

    [Required]
    public string Audience { get; set; } = "mlworkflow";

    [Range(1, 7 * 24 * 60)]
    public int LifetimeMinutes { get; set; } = 480;
}
