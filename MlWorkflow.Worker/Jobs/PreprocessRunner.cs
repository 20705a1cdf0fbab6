using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MlWorkflow.Core.Artifacts;
using MlWorkflow.Core.Data;
using MlWorkflow.Core.Datasets;
using MlWorkflow.Core.Tasks;
using MlWorkflow.Core.Tasks.Execution;
using MlWorkflow.Core.Tasks.Logs;
using MlWorkflow.Engine;
using MlWorkflow.Engine.Csv;
using MlWorkflow.Engine.Preprocessing;

namespace MlWorkflow.Worker.Jobs;

/// <summary>
/// The <c>preprocess</c> task: streams the parent dataset's file through the pipeline (the task's parameters) into a
/// local file, then, in the transaction that completes the task, stores that file as the output dataset's artifact, adds
/// the fitted state to its lineage and queues its profile task. So a failed, cancelled or killed run leaves no artifact
/// and no half-written dataset; a cancelled run removes the output dataset.
/// </summary>
public sealed class PreprocessRunner(MlWorkflowDbContext db, PostgresArtifactStore store, TaskEnqueuer enqueuer) : OutputDatasetRunner
{
    public override async Task<TaskOutcome> RunAsync(WorkflowTask task, TaskLogEmitter log, CancellationToken cancellationToken)
    {
        var (parent, output, profile, pipeline) = await LoadAsync(task, cancellationToken);
        var folder = JobFiles.NewFolder("preprocess", task);
        var file = Path.Combine(folder, "output.csv");
        log.Emit(TaskLogLevels.Info, "load", string.Format(CultureInfo.InvariantCulture,
            "Running {0} of {1} steps on '{2}' ({3:N0} rows × {4:N0} columns) for target '{5}'; writing '{6}'.",
            pipeline.Steps.Count(s => s.Enabled), pipeline.Steps.Count, parent.Name, parent.RowCount, parent.ColumnCount, pipeline.Target, output.Name));
        PreprocessResult result;
        try
        {
            await using var target = new FileStream(file, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous);
            var dialect = new CsvDialect(parent.Delimiter, parent.Encoding, parent.Quote);
            result = await new Preprocessor(pipeline, profile, new PreprocessOptions(folder))
                .RunAsync(ct => JobFiles.OpenAsync(store, parent, ct), dialect, parent.SizeBytes, target, new EngineProgressLog(log), cancellationToken);
        }
        catch (Exception e)
        {
            JobFiles.DeleteFolder(folder);
            if (DataError(e, parent) is { } data)
            {
                throw data;
            }
            throw;
        }

        var profileTask = ProfileTaskOf(task);
        PendingTask? pending = null;
        var written = new OutputDataset(output.Id, file, result.RowsOut, result.Columns, result.Fitted.ToJson(), profileTask.Id);
        TransitionWork outputs = async (connection, transaction, ct) =>
        {
            await DatasetWrites.SaveOutputAsync(connection, transaction, written, ct);
            pending = await TaskRows.InsertAsync(connection, transaction, profileTask, ct);
        };
        var detail = string.Format(CultureInfo.InvariantCulture, "wrote '{0}': {1:N0} rows × {2:N0} columns ({3:N0} rows removed)",
            output.Name, result.RowsOut, result.Columns.Count, result.RowsIn - result.RowsOut);
        var summary = JsonSerializer.Serialize(new PreprocessSummary(parent.Id, output.Id, result.RowsIn, result.RowsOut, result.Columns.Count, profileTask.Id), EngineJson.Options);
        return new TaskOutcome(summary, detail, outputs, async ct =>
        {
            JobFiles.DeleteFolder(folder);
            if (pending is not null)
            {
                await enqueuer.EnqueueAsync(pending, ct);
            }
        });
    }

    private async Task<(Dataset Parent, Dataset Output, Engine.Profiling.DatasetProfile Profile, PipelineDefinition Pipeline)> LoadAsync(
        WorkflowTask task, CancellationToken cancellationToken)
    {
        var parent = await db.Datasets.AsNoTracking().FirstOrDefaultAsync(d => d.Id == task.DatasetId, cancellationToken)
            ?? throw new TaskDataException("The dataset this pipeline reads no longer exists (it was deleted). Upload it again and run the pipeline on it.");
        var output = await db.Datasets.AsNoTracking().FirstOrDefaultAsync(d => d.Id == task.OutputDatasetId, cancellationToken)
            ?? throw new TaskDataException($"The dataset this run was writing was deleted. Run the pipeline on '{parent.Name}' again.");
        if (parent is not { Profile: { } profileJson, ArtifactId: not null })
        {
            throw new TaskDataException($"Dataset '{parent.Name}' has no profile yet. Wait until it is ready, then run the pipeline again.");
        }
        try
        {
            var pipeline = JsonSerializer.Deserialize<PipelineDefinition>(task.Parameters, EngineJson.Options)
                ?? throw new JsonException("The parameters are JSON null.");
            return (parent, output, EngineJson.ReadProfile(profileJson), pipeline);
        }
        catch (JsonException e)
        {
            throw new TaskDataException($"The pipeline of this task cannot be read ({e.Message}). Run the pipeline again.", e);
        }
    }

    /// <summary>The failure a user can act on for an error caused by the data or the pipeline, else null.</summary>
    private static TaskDataException? DataError(Exception e, Dataset parent) => e switch
    {
        PreprocessDataException data => new TaskDataException($"{data.Message} {data.Fix}".Trim(), e),
        CsvFormatException csv => new TaskDataException(
            $"The file of '{parent.Name}' cannot be read{(csv.Line is { } line ? $" (line {line})" : "")}: {csv.Message} {csv.Fix}", e),
        ArtifactIntegrityException => new TaskDataException(
            $"The stored file of dataset '{parent.Name}' is damaged ({e.Message}). Delete it and upload the file again.", e),
        // The pipeline no longer fits the file (its columns changed since the run was asked for).
        ArgumentException => new TaskDataException($"The pipeline cannot run on '{parent.Name}': {e.Message} Run the pipeline again from the dataset page.", e),
        _ => null,
    };



    /// <summary>The preprocess task's <c>result</c>.</summary>
    private sealed record PreprocessSummary(Guid DatasetId, Guid OutputDatasetId, long RowsIn, long RowsOut, int Columns, Guid ProfileTaskId);
}
