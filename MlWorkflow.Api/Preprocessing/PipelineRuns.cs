using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MlWorkflow.Api.Datasets;
using MlWorkflow.Api.Extensions;
using MlWorkflow.Api.Pipelines;
using MlWorkflow.Api.Tasks;
using MlWorkflow.Core.Data;
using MlWorkflow.Core.Datasets;
using MlWorkflow.Core.Tasks;
using MlWorkflow.Engine;
using MlWorkflow.Engine.Preprocessing;
using MlWorkflow.Engine.Profiling;
using MlWorkflow.Engine.Suggestions;

namespace MlWorkflow.Api.Preprocessing;

/// <summary>Chooses the pipeline to run and creates the output dataset with its preprocess task.</summary>
public sealed class PipelineRuns(MlWorkflowDbContext db, TaskEnqueuer enqueuer)
{
    /// <summary>The saved pipeline when it is for <paramref name="target"/> (or no target is named), else the suggestion.</summary>
    /// <exception cref="ArgumentException">The target is not a column, or cannot be a target.</exception>
    public async Task<PipelineDraft> DraftAsync(Guid datasetId, string? target, DatasetProfile profile, CancellationToken cancellationToken)
    {
        if (await SavedPipelines.ReadAsync(db, datasetId, cancellationToken) is { } saved && (target is null || target == saved.Target))
        {
            return new PipelineDraft(saved.Target, SavedPipelines.Draft(saved.Steps));
        }
        var suggestion = PipelineSuggester.Suggest(profile, target);
        if (suggestion.Target is null)
        {
            throw new ArgumentException("No column of this dataset can be a target, so there is no suggested pipeline; send 'target' and 'steps'.", nameof(target));
        }
        return new PipelineDraft(suggestion.Target, [.. suggestion.Steps.Select(s =>
            new PipelineDraftStep(s.Id, s.Op, s.Columns, JsonSerializer.SerializeToElement(s.Params, EngineJson.Options), s.Confidence, s.Rationale, s.Enabled))]);
    }

    /// <summary>Creates the output dataset (processing) and the task in one transaction, then queues the task's job.</summary>
    public async Task<(DatasetResponse Dataset, TaskResponse Task)> StartAsync(
        Guid parentId, Guid ownerId, PipelineDefinition pipeline, string? name, CancellationToken cancellationToken)
    {
        using var span = ApiTelemetry.StartTaskActivity("task create", kind: WorkflowTaskKind.Preprocess.ToName());
        var parent = await db.Datasets.AsNoTracking().Where(d => d.Id == parentId).Select(d => new { d.Name, d.FileName }).SingleAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var output = NewOutput(ownerId, parentId, name ?? OutputName(parent.Name), parent.FileName);
        db.Datasets.Add(output);
        await db.SaveChangesAsync(cancellationToken);
        var pending = await enqueuer.AddAsync(ownerId, WorkflowTaskKind.Preprocess, parentId,
            JsonSerializer.Serialize(pipeline, EngineJson.Options), cancellationToken, output.Id);
        span?.SetTag("mlworkflow.task.id", pending.Task.Id);
        output.Lineage = JsonSerializer.Serialize(
            new DatasetLineage(parentId, parent.Name, pending.Task.Id, pipeline.Target, pipeline.Task, pipeline.Steps), EngineJson.Options);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        // Committed: the job must be queued even if the client goes away now.
        await enqueuer.EnqueueAsync(pending, CancellationToken.None);
        return (output.ToResponse(parent.Name), pending.Task.ToResponse(parent.Name, output.Name));
    }

    /// <summary>
    /// For a retry of a preprocess task whose output was removed (a cancel removes it): a new output dataset with the same
    /// lineage, in the caller's transaction. Returns its id.
    /// </summary>
    public async Task<Guid> RecreateOutputAsync(WorkflowTask task, CancellationToken cancellationToken)
    {
        var parent = await db.Datasets.AsNoTracking().Where(d => d.Id == task.DatasetId).Select(d => new { d.Name, d.FileName }).SingleAsync(cancellationToken);
        var pipeline = JsonSerializer.Deserialize<PipelineDefinition>(task.Parameters, EngineJson.Options)!;
        var output = NewOutput(task.OwnerId, task.DatasetId!.Value, OutputName(parent.Name), parent.FileName);
        output.Lineage = JsonSerializer.Serialize(
            new DatasetLineage(task.DatasetId.Value, parent.Name, task.Id, pipeline.Target, pipeline.Task, pipeline.Steps), EngineJson.Options);
        db.Datasets.Add(output);
        await db.SaveChangesAsync(cancellationToken);
        return output.Id;
    }

    private static Dataset NewOutput(Guid ownerId, Guid parentId, string name, string parentFileName) =>
        DerivedOutputs.New(ownerId, parentId, name, parentFileName, "-preprocessed");

    private static string OutputName(string parentName) => DerivedOutputs.Name(parentName, " (preprocessed)");
}
