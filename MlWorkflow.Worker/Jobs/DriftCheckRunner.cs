using System.Globalization;
using System.Text.Json;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using MlWorkflow.Core.Artifacts;
using MlWorkflow.Core.Data;
using MlWorkflow.Core.Deployments;
using MlWorkflow.Core.Jobs;
using MlWorkflow.Core.Tasks;
using MlWorkflow.Core.Tasks.Execution;
using MlWorkflow.Core.Tasks.Logs;
using MlWorkflow.Engine;
using MlWorkflow.Engine.Drift;
using MlWorkflow.Engine.Training;
using Npgsql;
using NpgsqlTypes;

namespace MlWorkflow.Worker.Jobs;

/// <summary>
/// The <c>drift_check</c> task: compares a window of a deployment's logged rows (those of the model it serves now: since
/// the last check, at least <see cref="MinimumWindow"/>, at most <see cref="MaximumWindow"/> of the latest) with that
/// model's reference summary, stores the report on the deployment and the alerts it raises in the completing
/// transaction, then queues their webhook delivery.
/// </summary>
public sealed class DriftCheckRunner(MlWorkflowDbContext db, PostgresArtifactStore store, NpgsqlDataSource dataSource, IBackgroundJobClient jobs)
    : ITaskRunner
{
    public const int MinimumWindow = 100;
    public const int MaximumWindow = 10_000;

    public TransitionWork? OnStarting(WorkflowTask task) => null;

    public TransitionWork? OnFailed(WorkflowTask task) => null;

    public TransitionWork? OnCancelled(WorkflowTask task) => null;

    public async Task<TaskOutcome> RunAsync(WorkflowTask task, TaskLogEmitter log, CancellationToken cancellationToken)
    {
        DriftCheckTaskParameters parameters;
        try
        {
            parameters = DriftCheckTaskParameters.Parse(task.Parameters);
        }
        catch (JsonException e)
        {
            throw new TaskDataException($"The drift check request of this task cannot be read ({e.Message}). Start the check again.", e);
        }
        var deployment = await db.Deployments.AsNoTracking().FirstOrDefaultAsync(d => d.Id == parameters.DeploymentId && d.OwnerId == task.OwnerId, cancellationToken)
            ?? throw new TaskDataException("The deployment this check was for no longer exists (it was deleted).");
        var model = await db.Models.AsNoTracking().FirstAsync(m => m.Id == deployment.ModelId, cancellationToken);
        var package = await ModelPackages.LoadAsync(store, model, cancellationToken);
        if (package.Manifest.FormatVersion < 2)
        {
            // Format 1 summarized encoded features, not the columns a deployment logs.
            throw new TaskDataException($"Model '{model.Name}' v{model.Version} was trained before models kept a reference of their input columns; "
                + "train it again to check its deployment for drift.");
        }
        var settings = Settings(deployment.DriftSettings);

        var window = new DriftWindow(package.Manifest.Reference);
        var (first, last, lastId) = await ReadWindowAsync(deployment.Id, model.Id, deployment.DriftCheckedThroughLogId, window, cancellationToken);
        log.Emit(TaskLogLevels.Info, "window", window.Rows == 0
            ? $"'{deployment.Name}' has logged no prediction of '{model.Name}' v{model.Version} yet."
            : string.Format(CultureInfo.InvariantCulture, "'{0}' serving '{1}' v{2}: {3:N0} logged rows from {4:u} to {5:u} against the {6:N0} rows of its training data.",
                deployment.Name, model.Name, model.Version, window.Rows, first, last, package.Manifest.Reference.Rows), 30);

        var report = DriftCalculator.Compute(window, settings);
        foreach (var feature in report.Features.Where(f => f.Drifted || f.MissingRateDrifted))
        {
            log.Emit(TaskLogLevels.Warning, "feature", string.Format(CultureInfo.InvariantCulture, "'{0}' drifted: {1} {2:0.###} (threshold {3}), PSI {4:0.###}, missing {5:P1} → {6:P1}.",
                feature.Name, feature.Metric, feature.Distance, feature.Threshold, feature.Psi, feature.ReferenceMissingRate, feature.CurrentMissingRate));
        }
        log.Emit(TaskLogLevels.Info, "report", report.Message, 90);

        var now = DateTimeOffset.UtcNow;
        var alerts = report.Alerts().Select(a => new Core.Deployments.DriftAlert
        {
            DeploymentId = deployment.Id, ModelId = model.Id, Feature = a.Feature ?? (a.Metric == DriftMetrics.Prediction ? "prediction" : "dataset"),
            Metric = a.Metric, Value = Math.Round(a.Value, 6), Threshold = a.Threshold, Severity = a.Severity,
            WindowStart = first ?? now, WindowEnd = last ?? now, Rows = (int)window.Rows, CreatedAt = now,
        }).ToList();
        var reportJson = JsonSerializer.Serialize(report, EngineJson.Options);
        TransitionWork outputs = async (connection, transaction, ct) =>
        {
            await using (var update = new NpgsqlCommand(
                "UPDATE deployments SET drift_report = @report, drift_checked_at = @now, "
                + "drift_checked_through_log_id = GREATEST(drift_checked_through_log_id, @through) WHERE id = @id", connection, transaction))
            {
                update.Parameters.AddWithValue("report", NpgsqlDbType.Jsonb, reportJson);
                update.Parameters.AddWithValue("now", now);
                update.Parameters.AddWithValue("through", lastId);
                update.Parameters.AddWithValue("id", deployment.Id);
                await update.ExecuteNonQueryAsync(ct);
            }
            foreach (var alert in alerts)
            {
                await using var insert = new NpgsqlCommand(
                    "INSERT INTO drift_alerts (id, deployment_id, model_id, feature, metric, value, threshold, severity, window_start, window_end, rows, created_at) "
                    + "VALUES (@id, @deployment, @model, @feature, @metric, @value, @threshold, @severity, @start, @end, @rows, @created)", connection, transaction);
                var p = insert.Parameters;
                p.AddWithValue("id", alert.Id);
                p.AddWithValue("deployment", alert.DeploymentId);
                p.AddWithValue("model", alert.ModelId);
                p.AddWithValue("feature", alert.Feature);
                p.AddWithValue("metric", alert.Metric);
                p.AddWithValue("value", alert.Value);
                p.AddWithValue("threshold", alert.Threshold);
                p.AddWithValue("severity", alert.Severity);
                p.AddWithValue("start", alert.WindowStart);
                p.AddWithValue("end", alert.WindowEnd);
                p.AddWithValue("rows", alert.Rows);
                p.AddWithValue("created", alert.CreatedAt);
                await insert.ExecuteNonQueryAsync(ct);
            }
        };
        var summary = JsonSerializer.Serialize(new DriftCheckSummary(deployment.Id, model.Id, report.Status, window.Rows, report.DriftedFeatures,
            report.DatasetDrift, alerts.Count, first, last), EngineJson.Options);
        var detail = string.Format(CultureInfo.InvariantCulture, "{0}; {1} alert{2}", report.Message.TrimEnd('.'), alerts.Count, alerts.Count == 1 ? "" : "s");
        return new TaskOutcome(summary, detail, outputs, alerts.Count == 0 || deployment.WebhookUrl is null ? null : _ =>
        {
            jobs.Create<IDriftAlertWebhook>(job => job.SendAsync(deployment.Id, alerts.Select(a => a.Id).ToArray(), CancellationToken.None),
                new Hangfire.States.EnqueuedState(JobQueues.DriftCheck));
            return Task.CompletedTask;
        });
    }

    /// <summary>Adds the window's rows (newest first) to <paramref name="window"/>; returns the first and last logged time and the highest id read.</summary>
    private async Task<(DateTimeOffset? First, DateTimeOffset? Last, long LastId)> ReadWindowAsync(
        Guid deploymentId, Guid modelId, long checkedThrough, DriftWindow window, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var count = new NpgsqlCommand(
            "SELECT count(*) FROM (SELECT 1 FROM prediction_logs WHERE deployment_id = @d AND model_id = @m AND id > @after LIMIT @max) s", connection);
        count.Parameters.AddWithValue("d", deploymentId);
        count.Parameters.AddWithValue("m", modelId);
        count.Parameters.AddWithValue("after", checkedThrough);
        count.Parameters.AddWithValue("max", MaximumWindow);
        var since = (long)(await count.ExecuteScalarAsync(cancellationToken))!;
        await using var read = new NpgsqlCommand(
            "SELECT id, created_at, inputs::text, output::text FROM prediction_logs WHERE deployment_id = @d AND model_id = @m ORDER BY id DESC LIMIT @take", connection);
        read.Parameters.AddWithValue("d", deploymentId);
        read.Parameters.AddWithValue("m", modelId);
        read.Parameters.AddWithValue("take", Math.Max(MinimumWindow, since));
        DateTimeOffset? first = null, last = null;
        long lastId = checkedThrough;
        await using var reader = await read.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            lastId = Math.Max(lastId, reader.GetInt64(0));
            var at = reader.GetFieldValue<DateTimeOffset>(1);
            last ??= at;
            first = at;
            using var inputs = JsonDocument.Parse(reader.GetString(2));
            using var output = JsonDocument.Parse(reader.GetString(3));
            window.Add(LoggedRow.FromJson(inputs.RootElement, Prediction(output.RootElement)));
        }
        return (first, last, lastId);
    }

    private static ModelPrediction? Prediction(JsonElement output)
    {
        if (output.ValueKind != JsonValueKind.Object)
        {
            return null;
        }
        if (output.TryGetProperty("label", out var label) && label.ValueKind == JsonValueKind.String)
        {
            return new ModelPrediction(label.GetString(), null, null);
        }
        return output.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.Number ? new ModelPrediction(null, null, value.GetDouble()) : null;
    }

    private static DriftSettings Settings(string? json)
    {
        try
        {
            return json is null ? DriftSettings.Default : JsonSerializer.Deserialize<DriftSettings>(json, EngineJson.Options) ?? DriftSettings.Default;
        }
        catch (JsonException e)
        {
            throw new TaskDataException($"The deployment's drift settings cannot be read ({e.Message}). Set them again.", e);
        }
    }

    /// <summary>The drift_check task's <c>result</c>.</summary>
    private sealed record DriftCheckSummary(Guid DeploymentId, Guid ModelId, string Status, long Rows, int DriftedFeatures, bool DatasetDrift, int Alerts,
        DateTimeOffset? WindowStart, DateTimeOffset? WindowEnd);
}
