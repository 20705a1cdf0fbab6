namespace MlWorkflow.Core.Artifacts;

/// <summary>The stored bytes of an artifact are not the bytes that were written.</summary>
public sealed class ArtifactIntegrityException(Guid artifactId, string message)
    : IOException($"Artifact {artifactId} is corrupt: {message}")
{
    public Guid ArtifactId { get; } = artifactId;
}
