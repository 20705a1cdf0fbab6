using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MlWorkflow.Api.Datasets;
using MlWorkflow.Api.Extensions;
using MlWorkflow.Api.Tasks;
using MlWorkflow.Core.Data;
using MlWorkflow.Core.Tasks;
using MlWorkflow.Engine;

namespace MlWorkflow.Api.Models;

/// <summary>What a scored dataset's <c>lineage</c> holds: the dataset it scores, the task writing it and the model it used.</summary>
public sealed record ScoredLineage(Guid ParentDatasetId, string ParentDatasetName, Guid TaskId, Guid ModelId, string ModelName, int ModelVersion);

/// <summary>Creates the scored copy of a dataset with its batch_predict task; the worker writes its file.</summary>
public sealed class BatchScoring(MlWorkflowDbContext db, TaskEnqueuer enqueuer)
{
    private const string NameSuffix = "-scored";

    /// <summary>Creates the output dataset (processing) and the task in one transaction, then queues the task's job.</summary>
    public async Task<(DatasetResponse Dataset, TaskResponse Task)> StartAsync(
        Guid modelId, Guid inputId, Guid ownerId, CancellationToken cancellationToken)
    {
        using var span = ApiTelemetry.StartTaskActivity("task create", kind: WorkflowTaskKind.BatchPredict.ToName());
        var input = await db.Datasets.AsNoTracking().Where(d => d.Id == inputId).Select(d => new { d.Name, d.FileName }).SingleAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var output = DerivedOutputs.New(ownerId, inputId, DerivedOutputs.Name(input.Name, NameSuffix), input.FileName, NameSuffix);
        db.Datasets.Add(output);
        await db.SaveChangesAsync(cancellationToken);
        var pending = await enqueuer.AddAsync(ownerId, WorkflowTaskKind.BatchPredict, inputId,
            new BatchPredictTaskParameters(modelId, inputId).ToJson(), cancellationToken, output.Id);
        span?.SetTag("mlworkflow.task.id", pending.Task.Id);
        output.Lineage = await LineageAsync(inputId, input.Name, pending.Task.Id, modelId, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        // Committed: the job must be queued even if the client goes away now.
        await enqueuer.EnqueueAsync(pending, CancellationToken.None);
        return (output.ToResponse(input.Name), pending.Task.ToResponse(input.Name, output.Name));
    }

    /// <summary>
    /// For a retry of a batch_predict task whose output was removed (a cancel removes it): a new output dataset with the
    /// same lineage, in the caller's transaction. Returns its id.
    /// </summary>
    public async Task<Guid> RecreateOutputAsync(WorkflowTask task, CancellationToken cancellationToken)
    {
        var parameters = BatchPredictTaskParameters.Parse(task.Parameters);
        var input = await db.Datasets.AsNoTracking().Where(d => d.Id == parameters.DatasetId).Select(d => new { d.Name, d.FileName }).SingleAsync(cancellationToken);
        var output = DerivedOutputs.New(task.OwnerId, parameters.DatasetId, DerivedOutputs.Name(input.Name, NameSuffix), input.FileName, NameSuffix);
        output.Lineage = await LineageAsync(parameters.DatasetId, input.Name, task.Id, parameters.ModelId, cancellationToken);
        db.Datasets.Add(output);
        await db.SaveChangesAsync(cancellationToken);
        return output.Id;
    }

    private async Task<string> LineageAsync(Guid inputId, string inputName, Guid taskId, Guid modelId, CancellationToken cancellationToken)
    {
        // A deleted model still leaves a readable lineage: its id, with the name and version unknown.
        var model = await db.Models.AsNoTracking().Where(m => m.Id == modelId).Select(m => new { m.Name, m.Version }).SingleOrDefaultAsync(cancellationToken);
        return JsonSerializer.Serialize(new ScoredLineage(inputId, inputName, taskId, modelId, model?.Name ?? "", model?.Version ?? 0), EngineJson.Options);
    }
}
