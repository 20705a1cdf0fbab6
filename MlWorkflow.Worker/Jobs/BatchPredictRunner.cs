using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MlWorkflow.Core.Artifacts;
using MlWorkflow.Core.Data;
using MlWorkflow.Core.Tasks;
using MlWorkflow.Core.Tasks.Execution;
using MlWorkflow.Core.Tasks.Logs;
using MlWorkflow.Engine;
using MlWorkflow.Engine.Csv;
using MlWorkflow.Engine.Preprocessing;
using MlWorkflow.Engine.Training;

namespace MlWorkflow.Worker.Jobs;

/// <summary>
/// The <c>batch_predict</c> task: scores a dataset with a registered model into a local file (the input's columns plus
/// <c>prediction</c> and <c>probability_{label}</c>), then, in the transaction that completes the task, stores it as the
/// output dataset's artifact and queues its profile, as a pipeline run does. When the input has the model's target, the
/// task's <c>result.evaluation</c> holds the metrics.
/// </summary>
public sealed class BatchPredictRunner(MlWorkflowDbContext db, PostgresArtifactStore store, TaskEnqueuer enqueuer) : OutputDatasetRunner
{
    public override async Task<TaskOutcome> RunAsync(WorkflowTask task, TaskLogEmitter log, CancellationToken cancellationToken)
    {
        BatchPredictTaskParameters parameters;
        try
        {
            parameters = BatchPredictTaskParameters.Parse(task.Parameters);
        }
        catch (JsonException e)
        {
            throw new TaskDataException($"The scoring request of this task cannot be read ({e.Message}). Score the dataset again.", e);
        }
        var model = await db.Models.AsNoTracking().FirstOrDefaultAsync(m => m.Id == parameters.ModelId && m.OwnerId == task.OwnerId, cancellationToken)
            ?? throw new TaskDataException("The model this scoring uses no longer exists (it was deleted). Score the dataset with another model.");
        var input = await db.Datasets.AsNoTracking().FirstOrDefaultAsync(d => d.Id == parameters.DatasetId, cancellationToken)
            ?? throw new TaskDataException("The dataset to score no longer exists (it was deleted). Upload it again and score it.");
        var output = await db.Datasets.AsNoTracking().FirstOrDefaultAsync(d => d.Id == task.OutputDatasetId, cancellationToken)
            ?? throw new TaskDataException($"The dataset this scoring was writing was deleted. Score '{input.Name}' again.");
        if (input is not { Profile: { } profileJson, ArtifactId: not null })
        {
            throw new TaskDataException($"Dataset '{input.Name}' has no profile yet. Wait until it is ready, then score it again.");
        }
        var profile = EngineJson.ReadProfile(profileJson);

        var package = await ModelPackages.LoadAsync(store, model, cancellationToken);
        var missing = package.Manifest.InputSchema.Select(c => c.Name).Where(name => !input.Columns.Contains(name)).ToList();
        log.Emit(TaskLogLevels.Info, "load", string.Format(CultureInfo.InvariantCulture,
            "Scoring '{0}' ({1:N0} rows) with '{2}' v{3} ({4}){5}.", input.Name, input.RowCount, model.Name, model.Version, model.Algorithm,
            missing.Count == 0 ? "" : $"; columns the model reads that the dataset lacks are missing values: {string.Join(", ", missing)}"));

        var folder = JobFiles.NewFolder("score", task);
        var file = Path.Combine(folder, "scored.csv");
        BatchScoreResult result;
        try
        {
            await using var target = new FileStream(file, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous);
            await using var source = await store.OpenReadAsync(input.ArtifactId.Value, cancellationToken)
                ?? throw new TaskDataException($"The stored file of dataset '{input.Name}' is missing. Delete the dataset and upload the file again.");
            result = await BatchScorer.ScoreAsync(package, source, new CsvDialect(input.Delimiter, input.Encoding, input.Quote), input.Columns,
                profile.MissingTokens, input.SizeBytes, target, new EngineProgressLog(log), cancellationToken);
        }
        catch (Exception e)
        {
            JobFiles.DeleteFolder(folder);
            throw e switch
            {
                PreprocessDataException data => new TaskDataException($"{data.Message} {data.Fix}".Trim(), e),
                CsvFormatException csv => new TaskDataException($"The file of '{input.Name}' cannot be read: {csv.Message} {csv.Fix}", e),
                _ => e,
            };
        }
        if (result.Evaluation is { } evaluation)
        {
            log.Emit(TaskLogLevels.Info, "evaluate", $"'{input.Name}' has the target '{package.Manifest.Target}': on {result.EvaluatedRows:N0} rows "
                + string.Join(", ", evaluation.Select(m => $"{m.Key} {m.Value:0.####}")) + ".");
        }

        var profileTask = ProfileTaskOf(task);
        PendingTask? pending = null;
        var written = new OutputDataset(output.Id, file, result.Rows, result.Columns, null, profileTask.Id);
        TransitionWork outputs = async (connection, transaction, ct) =>
        {
            await DatasetWrites.SaveOutputAsync(connection, transaction, written, ct);
            pending = await TaskRows.InsertAsync(connection, transaction, profileTask, ct);
        };
        var summary = JsonSerializer.Serialize(new ScoreSummary(model.Id, input.Id, output.Id, result.Rows, result.Evaluation, result.EvaluatedRows, profileTask.Id),
            EngineJson.Options);
        var detail = string.Format(CultureInfo.InvariantCulture, "wrote '{0}': {1:N0} rows scored{2}", output.Name, result.Rows,
            result.Evaluation is { } metrics ? $"; {package.Manifest.Metric} {metrics.GetValueOrDefault(package.Manifest.Metric):0.####} against the target" : "");
        return new TaskOutcome(summary, detail, outputs, async ct =>
        {
            JobFiles.DeleteFolder(folder);
            if (pending is not null)
            {
                await enqueuer.EnqueueAsync(pending, ct);
            }
        });
    }


    /// <summary>The batch_predict task's <c>result</c>.</summary>
    private sealed record ScoreSummary(Guid ModelId, Guid DatasetId, Guid OutputDatasetId, long Rows, IReadOnlyDictionary<string, double>? Evaluation,
        long EvaluatedRows, Guid ProfileTaskId);
}
