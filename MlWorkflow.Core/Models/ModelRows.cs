using Npgsql;
using NpgsqlTypes;

namespace MlWorkflow.Core.Models;

/// <summary>Model rows written on a plain Npgsql transaction, so a model commits with the status change of the task that trained it.</summary>
public static class ModelRows
{
    /// <summary>
    /// Inserts <paramref name="model"/> in <paramref name="transaction"/> as the next version of its (owner, name): 1 for a
    /// new name, else one more than the last version ever given under it (<see cref="ModelName"/>), so a deleted
    /// version's number is never given again. Sets and returns <see cref="Model.Version"/>.
    /// </summary>
    /// <remarks>
    /// The upsert takes the name's row lock: a second transaction naming the same model waits until the first commits
    /// (and then counts on from its version) or rolls back (and then takes the same number).
    /// </remarks>
    public static async Task<int> InsertAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Model model, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(model);
        await using (var versionCommand = new NpgsqlCommand(
            "INSERT INTO model_names (owner_id, name, last_version) VALUES (@owner, @name, 1) " +
            "ON CONFLICT (owner_id, name) DO UPDATE SET last_version = model_names.last_version + 1 RETURNING last_version",
            connection, transaction))
        {
            versionCommand.Parameters.AddWithValue("owner", model.OwnerId);
            versionCommand.Parameters.AddWithValue("name", model.Name);
            model.Version = (int)(await versionCommand.ExecuteScalarAsync(cancellationToken))!;
        }
        await using var command = new NpgsqlCommand(
            "INSERT INTO models (id, owner_id, name, version, dataset_id, dataset_name, dataset_sha256, target, task, metric, algorithm, " +
            "members, metrics, validation, leaderboard, feature_importance, charts, steps, fitted_steps, input_schema, labels, seed, train_task_id, " +
            "artifact_id, size_bytes, created_at) " +
            "VALUES (@id, @owner, @name, @version, @dataset, @datasetName, @datasetSha256, @target, @task, @metric, " +
            "@algorithm, @members, @metrics, @validation, @leaderboard, @featureImportance, @charts, @steps, @fittedSteps, @inputSchema, @labels, @seed, " +
            "@trainTask, @artifact, @size, @created)",
            connection, transaction);
        var p = command.Parameters;
        p.AddWithValue("id", model.Id);
        p.AddWithValue("owner", model.OwnerId);
        p.AddWithValue("name", model.Name);
        p.AddWithValue("version", model.Version);
        p.AddWithValue("dataset", (object?)model.DatasetId ?? DBNull.Value);
        p.AddWithValue("datasetName", model.DatasetName);
        p.AddWithValue("datasetSha256", (object?)model.DatasetSha256 ?? DBNull.Value);
        p.AddWithValue("target", model.Target);
        p.AddWithValue("task", model.Task);
        p.AddWithValue("metric", model.Metric);
        p.AddWithValue("algorithm", model.Algorithm);
        p.AddWithValue("members", NpgsqlDbType.Jsonb, model.Members);
        p.AddWithValue("metrics", NpgsqlDbType.Jsonb, model.Metrics);
        p.AddWithValue("validation", NpgsqlDbType.Jsonb, model.Validation);
        p.AddWithValue("leaderboard", NpgsqlDbType.Jsonb, model.Leaderboard);
        p.AddWithValue("featureImportance", NpgsqlDbType.Jsonb, model.FeatureImportance);
        p.AddWithValue("charts", NpgsqlDbType.Jsonb, model.Charts);
        p.AddWithValue("steps", NpgsqlDbType.Jsonb, model.Steps);
        p.AddWithValue("fittedSteps", NpgsqlDbType.Jsonb, model.FittedSteps);
        p.AddWithValue("inputSchema", NpgsqlDbType.Jsonb, model.InputSchema);
        p.AddWithValue("labels", NpgsqlDbType.Jsonb, (object?)model.Labels ?? DBNull.Value);
        p.AddWithValue("seed", model.Seed);
        p.AddWithValue("trainTask", (object?)model.TrainTaskId ?? DBNull.Value);
        p.AddWithValue("artifact", model.ArtifactId);
        p.AddWithValue("size", model.SizeBytes);
        p.AddWithValue("created", model.CreatedAt);
        await command.ExecuteNonQueryAsync(cancellationToken);
        return model.Version;
    }
}
