using System.Text.Json;
using System.Text.Json.Nodes;
using MlWorkflow.Core.Artifacts;
using MlWorkflow.Core.Models;
using MlWorkflow.Engine;
using MlWorkflow.Engine.Profiling;
using MlWorkflow.Engine.Suggestions;
using MlWorkflow.Engine.Training;
using Npgsql;
using NpgsqlTypes;

namespace MlWorkflow.Tests.Api;

/// <summary>
/// Registers models without a trainer: a small package artifact and a row written by <see cref="ModelRows"/>, with the
/// Engine's training records serialized as the worker serializes them.
/// </summary>
public static class StoredModels
{
    public static async Task<Guid> UserIdAsync(HttpClient client) => (await Uploads.GetJsonAsync(client, "/api/auth/me")).GetProperty("id").GetGuid();

    public static Model Penguins(Guid ownerId, Guid artifactId, long sizeBytes, string name = "penguins-species", Guid? datasetId = null, Guid? trainTaskId = null,
        string steps = "[]", string fittedSteps = "[]") => new()
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
        FittedSteps = fittedSteps,
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
        string steps = "[]", string fittedSteps = "[]")
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
        var model = Penguins(ownerId, artifact.Id, artifact.Length, name, datasetId, trainTaskId, steps, fittedSteps);
        await ModelRows.InsertAsync(connection, transaction, model, cancel);
        await transaction.CommitAsync(cancel);
        return model;
    }

    /// <summary>
    /// Writes <paramref name="model"/> as a row of whatever <c>models</c> table the database has at the moment, with
    /// <see cref="Model.Version"/> as set and no <c>model_names</c> counter: a row an earlier schema held, for the
    /// migration tests. Columns that table does not have yet are left out.
    /// </summary>
    public static async Task InsertRowAsync(NpgsqlDataSource dataSource, Model model)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(model);
        var row = new JsonObject
        {
            ["id"] = model.Id, ["owner_id"] = model.OwnerId, ["name"] = model.Name, ["version"] = model.Version, ["dataset_id"] = model.DatasetId,
            ["dataset_name"] = model.DatasetName, ["dataset_sha256"] = model.DatasetSha256, ["target"] = model.Target, ["task"] = model.Task,
            ["metric"] = model.Metric, ["algorithm"] = model.Algorithm, ["members"] = JsonNode.Parse(model.Members), ["metrics"] = JsonNode.Parse(model.Metrics),
            ["validation"] = JsonNode.Parse(model.Validation), ["leaderboard"] = JsonNode.Parse(model.Leaderboard),
            ["feature_importance"] = JsonNode.Parse(model.FeatureImportance), ["charts"] = JsonNode.Parse(model.Charts), ["steps"] = JsonNode.Parse(model.Steps),
            ["fitted_steps"] = JsonNode.Parse(model.FittedSteps), ["input_schema"] = JsonNode.Parse(model.InputSchema),
            ["labels"] = model.Labels is null ? null : JsonNode.Parse(model.Labels), ["seed"] = model.Seed, ["train_task_id"] = model.TrainTaskId,
            ["artifact_id"] = model.ArtifactId, ["size_bytes"] = model.SizeBytes, ["created_at"] = model.CreatedAt,
        };
        // jsonb_populate_record shapes the row as the table is now: keys it has no column for are ignored.
        await using var command = dataSource.CreateCommand("INSERT INTO models SELECT * FROM jsonb_populate_record(NULL::models, @row)");
        command.Parameters.AddWithValue("row", NpgsqlDbType.Jsonb, row.ToJsonString());
        await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }

    private static string Json<T>(T value) => JsonSerializer.Serialize(value, EngineJson.Options);
}
