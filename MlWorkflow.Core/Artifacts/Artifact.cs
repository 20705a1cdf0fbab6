namespace MlWorkflow.Core.Artifacts;

/// <summary>
/// A stored file: its bytes are the <see cref="ArtifactChunk"/> rows in index order, each
/// <see cref="ChunkSize"/> bytes except the last. <see cref="Length"/> and <see cref="Sha256"/> are
/// checked whenever the whole artifact is read.
/// </summary>
public sealed class Artifact
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    /// <summary>What the file is, e.g. "dataset".</summary>
    public required string Kind { get; init; }

    public required string ContentType { get; init; }

    public long Length { get; set; }

    /// <summary>Lower-case hex SHA-256 of all chunks in order.</summary>
    public required string Sha256 { get; set; }

    public required int ChunkSize { get; init; }

    public int ChunkCount { get; set; }

    public DateTimeOffset CreatedAt { get; init; } = DateTimeOffset.UtcNow;
}
