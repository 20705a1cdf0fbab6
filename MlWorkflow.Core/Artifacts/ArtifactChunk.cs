namespace MlWorkflow.Core.Artifacts;

/// <summary>One fixed-size slice of an <see cref="Artifact"/>; written and read with raw Npgsql by <see cref="PostgresArtifactStore"/>.</summary>
public sealed class ArtifactChunk
{
    public required Guid ArtifactId { get; init; }

    public required int Index { get; init; }

    public required byte[] Data { get; init; }
}
