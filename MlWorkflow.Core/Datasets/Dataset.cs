using MlWorkflow.Core.Artifacts;

namespace MlWorkflow.Core.Datasets;

/// <summary>
/// A table: uploaded, or written by a job (a pipeline's output, see <see cref="ParentDatasetId"/>). The bytes live in
/// <see cref="Artifact"/>; the dialect (<see cref="Delimiter"/>, <see cref="Quote"/>, <see cref="Encoding"/>) is kept so
/// the file can be read again. A job's output has no artifact, hash or rows until the job completes.
/// </summary>
public sealed class Dataset
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public required Guid OwnerId { get; init; }

    public required string Name { get; set; }

    public required string FileName { get; init; }

    /// <summary>"csv" or "tsv".</summary>
    public required string Format { get; init; }

    public required char Delimiter { get; init; }

    public required char Quote { get; init; }

    /// <summary>The encoding's web name, e.g. "utf-8".</summary>
    public required string Encoding { get; init; }

    public required long SizeBytes { get; init; }

    /// <summary>Lower-case hex SHA-256 of the bytes; null until a job has written them.</summary>
    public required string? Sha256 { get; init; }

    public DatasetStatus Status { get; set; } = DatasetStatus.Uploaded;

    public required long RowCount { get; init; }

    public required List<string> Columns { get; init; }

    public required int ColumnCount { get; init; }

    /// <summary>The stored file; null while a job is still writing it.</summary>
    public required Guid? ArtifactId { get; init; }

    /// <summary>The dataset this one was derived from (null for uploads, or once the parent is deleted).</summary>
    public Guid? ParentDatasetId { get; init; }

    /// <summary>How a derived dataset was made (jsonb: parent, task, target, steps and the fitted state).</summary>
    public string? Lineage { get; set; }

    public Guid? ProfileTaskId { get; set; }

    /// <summary>The profile (jsonb, the contract's <c>Profile</c> shape) written by the latest completed profile task.</summary>
    public string? Profile { get; set; }

    /// <summary>The user's edited pipeline (jsonb: target, task and steps), null while the suggestion is used.</summary>
    public string? Pipeline { get; set; }

    /// <summary>When <see cref="Pipeline"/> was last saved.</summary>
    public DateTimeOffset? PipelineUpdatedAt { get; set; }

    public DateTimeOffset CreatedAt { get; init; } = DateTimeOffset.UtcNow;
}
