using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using MlWorkflow.Core.Artifacts;
using MlWorkflow.Core.Models;
using MlWorkflow.Engine;
using MlWorkflow.Engine.Prediction;
using MlWorkflow.Engine.Profiling;
using MlWorkflow.Engine.Training;
using MlWorkflow.Tests.Engine.Profiling;
using MlWorkflow.Tests.Engine.Training;
using Npgsql;

namespace MlWorkflow.Tests.Api;

/// <summary>A package trained on a sample and loaded back as the Api loads it, with the sample's rows as CSV cells.</summary>
internal sealed record TrainedPackage(string File, ModelPackage Package, byte[] Bytes, IReadOnlyList<IReadOnlyDictionary<string, string?>> Rows)
{
    public IReadOnlyList<InputColumn> InputSchema => Package.Manifest.InputSchema;

    /// <summary>A sample row as a predict request sends it: typed JSON by the input schema, missing cells as null.</summary>
    public JsonObject JsonRow(int index)
    {
        var row = new JsonObject();
        var missing = Package.Manifest.MissingTokens.ToHashSet(StringComparer.Ordinal);
        foreach (var column in InputSchema)
        {
            var cell = Rows[index].GetValueOrDefault(column.Name)?.Trim();
            row[column.Name] = cell is null || cell.Length == 0 || missing.Contains(cell) ? null : column.Type switch
            {
                ColumnType.Numeric or ColumnType.Integer => double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
                    ? JsonValue.Create(number) : null,
                ColumnType.Boolean => PredictInputs.TryReadBoolean(cell, out var flag) ? JsonValue.Create(flag) : null,
                _ => JsonValue.Create(cell),
            };
        }
        return row;
    }
}

/// <summary>
/// Real packages for the predict tests: trained once per configuration in a test run on a sample (small searches),
/// registered as a model with the package's own input schema, and deployed through the Api.
/// </summary>
internal static class ServedModels
{
    private static readonly ConcurrentDictionary<string, Lazy<Task<TrainedPackage>>> s_trained = new();

    public static Task<TrainedPackage> TrainAsync(string file, string target, string task, int maxTrials = 1, params string[] algorithms) =>
        s_trained.GetOrAdd($"{file}|{target}|{maxTrials}|{string.Join(',', algorithms)}",
            _ => new Lazy<Task<TrainedPackage>>(() => Task.Run(() => TrainCoreAsync(file, target, task, maxTrials, algorithms)))).Value;

    private static async Task<TrainedPackage> TrainCoreAsync(string file, string target, string task, int maxTrials, string[] algorithms)
    {
        var bytes = await File.ReadAllBytesAsync(TrainingTestKit.SamplePath(file));
        var profile = await ProfileTestKit.ProfileAsync(bytes);
        var table = await TrainingTestKit.LoadAsync(bytes, profile, target, task);
        var request = TrainingTestKit.Request(table, algorithms.Length == 0 ? null : algorithms, maxTrials);
        var (result, _) = await TrainingTestKit.SearchAsync(table, request);
        var columns = profile.Columns.Select(c => new TableColumn(c.Name, c.Type)).ToList();
        var package = ModelPackage.Create(result, table, request, [], PipelineColumns.InputSchema([], table, columns), DateTimeOffset.UtcNow);
        return Loaded(file, package, bytes);
    }

    /// <summary>Saves a package and loads it back (what the Api serves), with the rows of the CSV it was trained on.</summary>
    public static TrainedPackage Loaded(string file, ModelPackage package, byte[] csv)
    {
        using var buffer = new MemoryStream();
        package.Save(buffer);
        var saved = buffer.ToArray();
        return new TrainedPackage(file, ModelPackage.Load(new MemoryStream(saved)), saved, TrainingTestKit.CsvRows(csv));
    }

    /// <summary>Registers the package as a model of <paramref name="ownerId"/>, as the worker registers a trained one.</summary>
    public static async Task<Model> InsertAsync(string connectionString, Guid ownerId, TrainedPackage trained, string name)
    {
        var cancel = TestContext.Current.CancellationToken;
        var manifest = trained.Package.Manifest;
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancel);
        await using var transaction = await connection.BeginTransactionAsync(cancel);
        Artifact artifact;
        await using (var writer = await PostgresArtifactStore.BeginWriteAsync(transaction, "model", "application/zip", cancel))
        {
            await writer.WriteAsync(trained.Bytes, cancel);
            artifact = await writer.CompleteAsync(cancel);
        }
        var model = new Model
        {
            OwnerId = ownerId,
            Name = name,
            DatasetName = Path.GetFileNameWithoutExtension(trained.File),
            DatasetSha256 = null,
            Target = manifest.Target,
            Task = manifest.Task,
            Metric = manifest.Metric,
            Algorithm = manifest.Members.Count > 1 ? ModelAlgorithms.Ensemble : manifest.Members[0].Algorithm,
            Members = Json(manifest.Members.Select(m => new ModelMember(m.Algorithm, m.Hyperparameters, m.Weight))),
            Metrics = Json(manifest.Metrics),
            Validation = Json(manifest.Validation),
            Leaderboard = "[]",
            FeatureImportance = "[]",
            Charts = "{}",
            Steps = "[]",
            InputSchema = Json(manifest.InputSchema),
            Labels = manifest.Labels is null ? null : Json(manifest.Labels),
            Seed = manifest.Seed,
            ArtifactId = artifact.Id,
            SizeBytes = artifact.Length,
        };
        await ModelRows.InsertAsync(connection, transaction, model, cancel);
        await transaction.CommitAsync(cancel);
        return model;
    }

    /// <summary>Deploys a model through the Api; returns the deployment's id.</summary>
    public static async Task<Guid> DeployAsync(HttpClient client, Guid modelId, string? name = null)
    {
        var response = await client.PostAsJsonAsync("/api/deployments", new { name = name ?? $"d-{Guid.NewGuid():N}", modelId },
            TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.Created, text);
        return JsonDocument.Parse(text).RootElement.GetProperty("id").GetGuid();
    }

    /// <summary>A user, their model of <paramref name="trained"/> and a deployment of it.</summary>
    public static async Task<(HttpClient Client, Model Model, Guid DeploymentId)> DeployNewAsync(MlWorkflowApiFactory factory, TrainedPackage trained)
    {
        var client = await factory.CreateUserClientAsync();
        var model = await InsertAsync(factory.ConnectionString, await StoredModels.UserIdAsync(client), trained, Path.GetFileNameWithoutExtension(trained.File));
        return (client, model, await DeployAsync(client, model.Id));
    }

    public static Task<HttpResponseMessage> PredictAsync(HttpClient client, Guid deploymentId, IEnumerable<JsonObject> rows) =>
        client.PostAsJsonAsync($"/api/deployments/{deploymentId}/predict", new { rows = rows.ToArray() }, TestContext.Current.CancellationToken);

    public static async Task<JsonElement> PredictOkAsync(HttpClient client, Guid deploymentId, IEnumerable<JsonObject> rows)
    {
        using var response = await PredictAsync(client, deploymentId, rows);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return JsonDocument.Parse(text).RootElement;
    }

    /// <summary>The endpoint's predictions equal the package's <see cref="ModelPackage.PredictBatch"/> of the same rows, in order.</summary>
    public static void AssertSamePredictions(IReadOnlyList<ModelPrediction> expected, JsonElement response)
    {
        var predictions = response.GetProperty("predictions").EnumerateArray().ToList();
        Assert.Equal(expected.Count, predictions.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            if (expected[i].Value is { } value)
            {
                Assert.Equal(value, predictions[i].GetProperty("value").GetDouble());
                Assert.False(predictions[i].TryGetProperty("label", out _));
                continue;
            }
            Assert.Equal(expected[i].Label, predictions[i].GetProperty("label").GetString());
            var probabilities = predictions[i].GetProperty("probabilities").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble());
            Assert.Equal(expected[i].Probabilities!.OrderBy(p => p.Key), probabilities.OrderBy(p => p.Key));
        }
    }

    public static async Task<long> ScalarAsync(string connectionString, string sql, params object[] parameters)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }
        return Convert.ToInt64(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken) ?? 0L, CultureInfo.InvariantCulture);
    }

    /// <summary>Polls until <paramref name="done"/> holds (the log and stats are written in the background); fails after a minute.</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> done, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!await done())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Still not true after 60 s: {what}");
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }

    private static string Json<T>(T value) => JsonSerializer.Serialize(value, EngineJson.Options);
}
