namespace MlWorkflow.Core.Deployments;

/// <summary>
/// An application's key to one deployment's predict endpoint. Only the SHA-256 of the key is stored (the key is
/// 256 random bits, so a fast hash is enough: there is nothing to brute-force); <see cref="Prefix"/> lets a user
/// tell keys apart.
/// </summary>
public sealed class DeploymentKey
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public required Guid DeploymentId { get; init; }

    public required string Name { get; init; }

    /// <summary>The key's first characters, shown in lists.</summary>
    public required string Prefix { get; init; }

    /// <summary>Lower-case hex SHA-256 of the whole key.</summary>
    public required string Hash { get; init; }

    public DateTimeOffset CreatedAt { get; init; } = DateTimeOffset.UtcNow;

    public DateTimeOffset? RevokedAt { get; set; }
}
