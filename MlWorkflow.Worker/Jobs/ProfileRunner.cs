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
using MlWorkflow.Engine.Alerts;
using MlWorkflow.Engine.Csv;
using MlWorkflow.Engine.Profiling;
using MlWorkflow.Engine.Targets;

namespace MlWorkflow.Worker.Jobs;

/// <summary>
/// The <c>profile</c> task: streams the dataset's stored file through <see cref="DatasetProfiler"/> (never the whole
/// file in memory), then stores the profile (the contract's Profile, camelCase) on the dataset and makes it ready.
/// </summary>
public sealed class ProfileRunner(MlWorkflowDbContext db, PostgresArtifactStore store) : ITaskRunner
{
    public TransitionWork? OnStarting(WorkflowTask task) => DatasetWrites.SetStatus(task.DatasetId, DatasetStatus.Profiling);

    public TransitionWork? OnFailed(WorkflowTask task) => DatasetWrites.SetStatus(task.DatasetId, DatasetStatus.Failed);

    public TransitionWork? OnCancelled(WorkflowTask task) => DatasetWrites.Restore(task.DatasetId);

    public async Task<TaskOutcome> RunAsync(WorkflowTask task, TaskLogEmitter log, CancellationToken cancellationToken)
    {
        var datasetId = task.DatasetId
            ?? throw new TaskDataException("This profile task names no dataset. Upload the file again: every upload creates its profile task.");
        var dataset = await db.Datasets.AsNoTracking().FirstOrDefaultAsync(d => d.Id == datasetId, cancellationToken)
            ?? throw new TaskDataException($"Dataset {datasetId} no longer exists (it was deleted). Upload the file again to profile it.");
        log.Emit(TaskLogLevels.Info, "load", string.Format(CultureInfo.InvariantCulture,
            "Reading '{0}' ({1:N0} bytes, {2:N0} rows × {3:N0} columns found at upload) from storage.",
            dataset.FileName, dataset.SizeBytes, dataset.RowCount, dataset.ColumnCount));

        DatasetProfile profile;
        try
        {
            if (dataset.ArtifactId is not { } artifactId)
            {
                throw new TaskDataException($"Dataset '{dataset.Name}' has no file yet (the job writing it has not completed). Profile it once it is written.");
            }
            await using var stream = await store.OpenReadAsync(artifactId, cancellationToken)
                ?? throw new TaskDataException($"The stored file of dataset '{dataset.Name}' is missing. Delete the dataset and upload the file again.");
            var dialect = new CsvDialect(dataset.Delimiter, dataset.Encoding, dataset.Quote);
            profile = await new DatasetProfiler(OptionsFor(task, log)).ProfileAsync(stream, dialect, stream.Length, new EngineProgressLog(log), cancellationToken);
        }
        catch (CsvFormatException e)
        {
            var where = e.Line is { } line ? $" (line {line})" : "";
            throw new TaskDataException($"The file '{dataset.FileName}' cannot be profiled{where}: {e.Message} {e.Fix}", e);
        }
        catch (ArtifactIntegrityException e)
        {
            throw new TaskDataException(
                $"The stored file of dataset '{dataset.Name}' is damaged ({e.Message}). Delete the dataset and upload the file again.", e);
        }

        profile = Advise(profile, log);
        var result = JsonSerializer.Serialize(new ProfileResult(dataset.Id, profile.RowCount, profile.ColumnCount, profile.MissingCells, profile.DuplicateRows), EngineJson.Options);
        var detail = string.Format(CultureInfo.InvariantCulture, "profiled {0:N0} rows × {1:N0} columns", profile.RowCount, profile.ColumnCount);
        return new TaskOutcome(result, detail, DatasetWrites.SaveProfile(dataset.Id, task.Id, JsonSerializer.Serialize(profile, EngineJson.Options)));
    }

    /// <summary>The profiler's options: the upload's missing tokens when it named some, else the default list.</summary>
    private static ProfileOptions OptionsFor(WorkflowTask task, TaskLogEmitter log)
    {
        ProfileTaskParameters parameters;
        try
        {
            parameters = ProfileTaskParameters.Parse(task.Parameters);
        }
        catch (JsonException e)
        {
            throw new TaskDataException($"The profile task's parameters cannot be read ({e.Message}). Upload the file again.", e);
        }
        var options = parameters.MissingTokens is { } tokens ? ProfileOptions.Default with { MissingTokens = tokens } : ProfileOptions.Default;
        try
        {
            options.Validate();
        }
        catch (ArgumentException e)
        {
            throw new TaskDataException($"The missing tokens of this upload cannot be used: {e.Message} Upload the file again with other missingTokens.", e);
        }
        log.Emit(TaskLogLevels.Info, "load", string.Format(CultureInfo.InvariantCulture, "Counting as missing ({0}): {1}",
            parameters.MissingTokens is null ? "default list" : "the upload's list",
            string.Join(", ", options.MissingTokens.Select(token => token.Length == 0 ? "(empty)" : token))));
        return options;
    }

    /// <summary>Adds the ranked target candidates and the data-quality alerts (checked against the best candidate).</summary>
    private static DatasetProfile Advise(DatasetProfile profile, TaskLogEmitter log)
    {
        var candidates = TargetDetector.Detect(profile);
        profile = profile with { TargetCandidates = candidates };
        var alerts = ProfileAlerts.Evaluate(profile);
        if (candidates.Count > 0)
        {
            log.Emit(TaskLogLevels.Info, "targets", string.Join("; ", candidates.Take(3).Select(c =>
                string.Format(CultureInfo.InvariantCulture, "{0} ({1}, {2:0.00})", c.Column, c.Task, c.Confidence))));
        }
        log.Emit(TaskLogLevels.Info, "alerts", string.Format(CultureInfo.InvariantCulture, "{0} alerts: {1} errors, {2} warnings, {3} info",
            alerts.Count, alerts.Count(a => a.Severity == "error"), alerts.Count(a => a.Severity == "warning"), alerts.Count(a => a.Severity == "info")));
        return profile with { Alerts = alerts };
    }

    /// <summary>The profile task's <c>result</c>: the profile itself is on the dataset.</summary>
    private sealed record ProfileResult(Guid DatasetId, long RowCount, int ColumnCount, long MissingCells, long DuplicateRows);
}
