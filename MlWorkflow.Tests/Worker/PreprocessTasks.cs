using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using MlWorkflow.Core.Datasets;
using MlWorkflow.Core.Tasks;
using MlWorkflow.Engine;
using MlWorkflow.Engine.Preprocessing;
using MlWorkflow.Engine.Suggestions;

namespace MlWorkflow.Tests.Worker;

/// <summary>What <c>POST /api/run_pipeline</c> writes, done on a <see cref="TaskDatabase"/>: the output dataset and its preprocess task.</summary>
public static class PreprocessTasks
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>Profiles <paramref name="dataset"/> through the worker and waits for it; returns the dataset as it is then (ready).</summary>
    public static async Task<Dataset> ProfileAsync(TaskDatabase database, Guid ownerId, Dataset dataset, WorkerProcess worker)
    {
        var profile = await database.CreateTaskAsync(ownerId, dataset.Id);
        var done = await database.WaitForFinishedAsync(profile.Id, TimeSpan.FromSeconds(180), worker.Output);
        Assert.Equal(WorkflowTaskStatus.Completed, done.Status);
        return await database.GetDatasetAsync(dataset.Id);
    }

    /// <summary>The suggested pipeline of the profiled dataset for <paramref name="target"/>, validated as the Api does.</summary>
    public static async Task<PipelineDefinition> SuggestedAsync(TaskDatabase database, Guid datasetId, string? target = null)
    {
        var dataset = await database.GetDatasetAsync(datasetId);
        var suggestion = PipelineSuggester.Suggest(EngineJson.ReadProfile(dataset.Profile!), target);
        return Validate(dataset, new PipelineDraft(suggestion.Target, [.. suggestion.Steps.Select(s =>
            new PipelineDraftStep(s.Id, s.Op, s.Columns, JsonSerializer.SerializeToElement(s.Params, EngineJson.Options), s.Confidence, s.Rationale, s.Enabled))]));
    }

    /// <summary>The steps <paramref name="stepsJson"/> (a JSON array of steps as POST /api/run_pipeline takes them) on the profiled dataset, validated as the Api does.</summary>
    public static async Task<PipelineDefinition> PipelineAsync(TaskDatabase database, Guid datasetId, string target, string stepsJson) =>
        Validate(await database.GetDatasetAsync(datasetId), new PipelineDraft(target, JsonSerializer.Deserialize<List<PipelineDraftStep?>>(stepsJson, JsonSerializerOptions.Web)));

    private static PipelineDefinition Validate(Dataset dataset, PipelineDraft draft)
    {
        var validator = new PipelineValidator(dataset.Columns, EngineJson.ReadProfile(dataset.Profile!));
        return validator.Validate(draft) ?? throw new InvalidOperationException(
            "The pipeline does not validate: " + string.Join("; ", validator.Errors.Select(e => $"{e.Key}: {string.Join(' ', e.Value)}")));
    }

    /// <remarks>The output's lineage holds the steps, as the Api's does; the worker adds what it fitted.</remarks>
    public static Task<(WorkflowTask Task, Guid OutputId)> CreateAsync(TaskDatabase database, Guid ownerId, Guid parentId, PipelineDefinition pipeline) =>
        CreateOutputTaskAsync(database, ownerId, parentId, WorkflowTaskKind.Preprocess, JsonSerializer.Serialize(pipeline, EngineJson.Options),
            JsonSerializer.Serialize(new { target = pipeline.Target, task = pipeline.Task, steps = pipeline.Steps }, EngineJson.Options));

    /// <summary>A task that writes a new dataset derived from <paramref name="parentId"/> (preprocess, batch_predict), as the Api creates it.</summary>
    public static async Task<(WorkflowTask Task, Guid OutputId)> CreateOutputTaskAsync(TaskDatabase database, Guid ownerId, Guid parentId,
        WorkflowTaskKind kind, string parameters, string lineage = "{}")
    {
        await using var db = database.NewContext();
        await using var transaction = await db.Database.BeginTransactionAsync(Cancel);
        var output = new Dataset
        {
            OwnerId = ownerId,
            Name = "output",
            FileName = "output.csv",
            Format = "csv",
            Delimiter = ',',
            Quote = '"',
            Encoding = "utf-8",
            SizeBytes = 0,
            Sha256 = null,
            Status = DatasetStatus.Processing,
            RowCount = 0,
            Columns = [],
            ColumnCount = 0,
            ArtifactId = null,
            ParentDatasetId = parentId,
            Lineage = lineage,
        };
        db.Datasets.Add(output);
        await db.SaveChangesAsync(Cancel);
        var enqueuer = new TaskEnqueuer(db, database.Jobs, database.Redis, NullLogger<TaskEnqueuer>.Instance);
        var pending = await enqueuer.AddAsync(ownerId, kind, parentId, parameters, Cancel, output.Id);
        await transaction.CommitAsync(Cancel);
        await enqueuer.EnqueueAsync(pending, Cancel);
        return (pending.Task, output.Id);
    }

    /// <summary>
    /// A pipeline run only reads its parent: whatever becomes of the run, the parent is as it was when profiled (ready, same
    /// profile), for a cancel or a failure writes the run's own output, never the dataset the task names.
    /// </summary>
    public static async Task AssertUnchangedAsync(TaskDatabase database, Dataset profiled)
    {
        var now = await database.GetDatasetAsync(profiled.Id);
        Assert.Equal(DatasetStatus.Ready, now.Status);
        Assert.Equal((profiled.Profile, profiled.ProfileTaskId, profiled.ArtifactId), (now.Profile, now.ProfileTaskId, now.ArtifactId));
    }

    public static async Task<long> CountAsync(TaskDatabase database, string sql)
    {
        await using var command = database.DataSource.CreateCommand(sql);
        return (long)(await command.ExecuteScalarAsync(Cancel))!;
    }
}
