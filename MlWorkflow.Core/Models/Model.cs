using MlWorkflow.Core.Artifacts;

namespace MlWorkflow.Core.Models;

/// <summary>
/// A trained model in the registry: version <see cref="Version"/> of the name <see cref="Name"/> of one owner. The
/// package (what predict loads) is the <see cref="Artifact"/> <see cref="ArtifactId"/>; the JSON columns hold the
/// Engine's training records as they serialize with its JSON options. A model outlives its dataset and its train
/// task: <see cref="DatasetName"/> and <see cref="DatasetSha256"/> still say what it was trained on.
/// </summary>
public sealed class Model
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public required Guid OwnerId { get; init; }

    public required string Name { get; init; }

    /// <summary>1, 2, … per owner and name; assigned by <see cref="ModelRows.InsertAsync"/>.</summary>
    public int Version { get; set; }

    /// <summary>The dataset it was trained on; null once that dataset is deleted.</summary>
    public Guid? DatasetId { get; init; }

    public required string DatasetName { get; init; }

    /// <summary>Lower-case hex SHA-256 of the training file.</summary>
    public required string? DatasetSha256 { get; init; }

    public required string Target { get; init; }

    /// <summary>binary, multiclass or regression.</summary>
    public required string Task { get; init; }

    /// <summary>The metric the search ranked by (e.g. auc, macroF1, rmse).</summary>
    public required string Metric { get; init; }

    /// <summary>The trainer, or "ensemble" when several members have weight.</summary>
    public required string Algorithm { get; init; }

    /// <summary>jsonb: [ModelMember].</summary>
    public required string Members { get; init; }

    /// <summary>jsonb: {metric name: validation value}.</summary>
    public required string Metrics { get; init; }

    /// <summary>jsonb: ValidationInfo.</summary>
    public required string Validation { get; init; }

    /// <summary>jsonb: [LeaderboardEntry].</summary>
    public required string Leaderboard { get; init; }

    /// <summary>jsonb: [FeatureImportance].</summary>
    public required string FeatureImportance { get; init; }

    /// <summary>jsonb: EvaluationCharts.</summary>
    public required string Charts { get; init; }

    /// <summary>jsonb: [PipelineStepSpec], the preprocessing the model applies before predicting ([] for none).</summary>
    public required string Steps { get; init; }

    /// <summary>
    /// jsonb: [FittedStep], what each of <see cref="Steps"/> fitted (medians, scales, categories…), in the same order;
    /// [] for models registered before it was kept.
    /// </summary>
    public string FittedSteps { get; init; } = "[]";

    /// <summary>jsonb: [InputColumn], the columns a prediction request sends.</summary>
    public required string InputSchema { get; init; }

    /// <summary>jsonb: the class labels of a classifier, in the order of its probabilities; null for regression.</summary>
    public string? Labels { get; init; }

    public int Seed { get; init; }

    /// <summary>The train task that made it; null once that task is deleted (with its dataset).</summary>
    public Guid? TrainTaskId { get; init; }

    /// <summary>The model package.</summary>
    public required Guid ArtifactId { get; init; }

    /// <summary>The package's length in bytes.</summary>
    public required long SizeBytes { get; init; }

    public DateTimeOffset CreatedAt { get; init; } = DateTimeOffset.UtcNow;
}
