using Npgsql;
using NpgsqlTypes;

namespace MlWorkflow.Core.Models;

/// <summary>Model rows written on a plain Npgsql transaction, so a model commits with the status change of the task that trained it.</summary>
public static class ModelRows
{
    /// <summary>
    /// Inserts <paramref name="model"/> in <paramref name="transaction"/> as the next version of its (owner, name):
    /// 1 for a new name, else one more than the highest stored. Sets and returns <see cref="Model.Version"/>.
    /// </summary>
    /// <remarks>
    /// Two transactions naming the same model would both read the same highest version; a transaction-scoped
    /// advisory lock on (owner, name) makes the second wait until the first commits or rolls back, and then read
    /// afresh (the default READ COMMITTED isolation takes a new snapshot per statement). The unique index on
    /// (owner_id, name, version) backs this up. The version of a deleted latest model is given again.
    /// </remarks>
    public static async Task<int> InsertAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Model model, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(model);
        await using (var lockCommand = new NpgsqlCommand(
            "SELECT pg_advisory_xact_lock(hashtextextended(@owner::text || '/' || @name, 0))", connection, transaction))
        {
            lockCommand.Parameters.AddWithValue("owner", model.OwnerId);
            lockCommand.Parameters.AddWithValue("name", model.Name);
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        }
        await using var command = new NpgsqlCommand(
            "INSERT INTO models (id, owner_id, name, version, dataset_id, dataset_name, dataset_sha256, target, task, metric, algorithm, " +
            "members, metrics, validation, leaderboard, feature_importance, charts, steps, input_schema, labels, seed, train_task_id, " +
            "artifact_id, size_bytes, created_at) " +
            "SELECT @id, @owner, @name, COALESCE(MAX(m.version), 0) + 1, @dataset, @datasetName, @datasetSha256, @target, @task, @metric, " +
            "@algorithm, @members, @metrics, @validation, @leaderboard, @featureImportance, @charts, @steps, @inputSchema, @labels, @seed, " +
            "@trainTask, @artifact, @size, @created " +
            "FROM models m WHERE m.owner_id = @owner AND m.name = @name " +
            "RETURNING version",
            connection, transaction);
        var p = command.Parameters;
        p.AddWithValue("id", model.Id);
        p.AddWithValue("owner", model.OwnerId);
        p.AddWithValue("name", model.Name);
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
        p.AddWithValue("inputSchema", NpgsqlDbType.Jsonb, model.InputSchema);
        p.AddWithValue("labels", NpgsqlDbType.Jsonb, (object?)model.Labels ?? DBNull.Value);
        p.AddWithValue("seed", model.Seed);
        p.AddWithValue("trainTask", (object?)model.TrainTaskId ?? DBNull.Value);
        p.AddWithValue("artifact", model.ArtifactId);
        p.AddWithValue("size", model.SizeBytes);
        p.AddWithValue("created", model.CreatedAt);
        model.Version = (int)(await command.ExecuteScalarAsync(cancellationToken))!;
        return model.Version;
    }
}
