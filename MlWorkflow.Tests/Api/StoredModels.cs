using System.Text.Json;
using MlWorkflow.Core.Artifacts;
using MlWorkflow.Core.Models;
using MlWorkflow.Engine;
using MlWorkflow.Engine.Profiling;
using MlWorkflow.Engine.Suggestions;
using MlWorkflow.Engine.Training;
using Npgsql;

namespace MlWorkflow.Tests.Api;

/// <summary>
/// Registers models without a trainer: a small package artifact and a row written by <see cref="ModelRows"/>, with the
/// Engine's training records serialized as the worker serializes them.
/// </summary>
public static class StoredModels
{
    public static async Task<Guid> UserIdAsync(HttpClient client) => (await Uploads.GetJsonAsync(client, "/api/auth/me")).GetProperty("id").GetGuid();

    public static Model Penguins(Guid ownerId, Guid artifactId, long sizeBytes, string name = "penguins-species", Guid? datasetId = null, Guid? trainTaskId = null,
        string steps = "[]") => new()
    {
        OwnerId = ownerId,
        Name = name,
        DatasetId = datasetId,
        DatasetName = "penguins",
        DatasetSha256 = new string('a', 64),
        Target = "species",
        Task = "multiclass",
        Metric = TrainingMetrics.MacroF1,
        Algorithm = ModelAlgorithms.Ensemble,
        Members = Json(new[]
        {
            new ModelMember(MlNetTrainers.LightGbm, new Dictionary<string, double> { ["numberOfLeaves"] = 31, ["learningRate"] = 0.1 }, 0.75),
            new ModelMember(MlNetTrainers.LbfgsMaximumEntropy, new Dictionary<string, double> { ["l2Regularization"] = 1 }, 0.25),
        }),
        Metrics = Json(new Dictionary<string, double> { [TrainingMetrics.MacroF1] = 0.97, [TrainingMetrics.Accuracy] = 0.98, [TrainingMetrics.LogLoss] = 0.08 }),
        Validation = Json(new ValidationInfo(ValidationInfo.CrossValidation, 5, null, 333)),
        Leaderboard = Json(new[]
        {
            new LeaderboardEntry(1, 2, MlNetTrainers.LightGbm, new Dictionary<string, double> { ["numberOfLeaves"] = 31 }, 0.97, 1.5) { EndedAtSeconds = 2.4 },
            new LeaderboardEntry(2, 1, MlNetTrainers.LbfgsMaximumEntropy, new Dictionary<string, double>(), 0.95, 0.4) { EndedAtSeconds = 0.9 },
            new LeaderboardEntry(3, 3, MlNetTrainers.FastForest, new Dictionary<string, double>(), null, 0.1, "out of memory") { EndedAtSeconds = 2.6 },
        }),
        FeatureImportance = Json(new[] { new FeatureImportance("flipper_length_mm", 0.31, 0.02), new FeatureImportance("island", 0.12, 0.01) }),
        Charts = Json(new EvaluationCharts(ConfusionMatrix: new ConfusionMatrix(["Adelie", "Chinstrap", "Gentoo"], [[145, 1, 0], [2, 66, 0], [0, 0, 119]]))),
        Steps = steps,
        InputSchema = Json(new[]
        {
            new InputColumn("island", ColumnType.Categorical, ["Biscoe", "Dream", "Torgersen"]),
            new InputColumn("flipper_length_mm", ColumnType.Numeric),
        }),
        Labels = Json(new[] { "Adelie", "Chinstrap", "Gentoo" }),
        Seed = 7,
        TrainTaskId = trainTaskId,
        ArtifactId = artifactId,
        SizeBytes = sizeBytes,
    };

    /// <summary>Stores <paramref name="package"/> and a model pointing at it in one transaction; returns the model (with its version).</summary>
    public static async Task<Model> InsertAsync(
        string connectionString, Guid ownerId, byte[] package, string name = "penguins-species", Guid? datasetId = null, Guid? trainTaskId = null,
        string steps = "[]")
    {
        var cancel = TestContext.Current.CancellationToken;
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancel);
        await using var transaction = await connection.BeginTransactionAsync(cancel);
        Artifact artifact;
        await using (var writer = await PostgresArtifactStore.BeginWriteAsync(transaction, "model", "application/zip", cancel))
        {
            await writer.WriteAsync(package, cancel);
            artifact = await writer.CompleteAsync(cancel);
        }
        var model = Penguins(ownerId, artifact.Id, artifact.Length, name, datasetId, trainTaskId, steps);
        await ModelRows.InsertAsync(connection, transaction, model, cancel);
        await transaction.CommitAsync(cancel);
        return model;
    }

    private static string Json<T>(T value) => JsonSerializer.Serialize(value, EngineJson.Options);
}
