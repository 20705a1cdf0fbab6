using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using MlWorkflow.Api.Datasets;
using MlWorkflow.Api.Pipelines;
using MlWorkflow.Api.Suggestions;
using MlWorkflow.Core.Data;
using MlWorkflow.Core.Datasets;
using MlWorkflow.Engine;
using MlWorkflow.Engine.Preprocessing;
using MlWorkflow.Engine.Profiling;
using MlWorkflow.Engine.Training;

namespace MlWorkflow.Api.Training;

/// <summary>A profiled dataset a model can be trained on.</summary>
public sealed record TrainingDataset(Guid Id, string Name, DatasetProfile Profile, IReadOnlyList<string> Columns);

/// <summary>What a checked request trains: the target, its task, the metric to rank by and the trainers to try.</summary>
public sealed record TrainingChoice(string Target, string Task, string Metric, IReadOnlyList<string> Algorithms);

/// <summary>Loads the dataset a training request names and checks the request against its profile.</summary>
public sealed class TrainingRequests(MlWorkflowDbContext db, ProfiledDatasets datasets)
{
    /// <returns>The dataset, or the problem: 404 when it is not the owner's, 409 while it has no profile.</returns>
    public async Task<(TrainingDataset? Dataset, ProblemHttpResult? Problem)> LoadAsync(Guid id, Guid ownerId, CancellationToken cancellationToken)
    {
        var state = await datasets.FindAsync(id, ownerId, cancellationToken);
        if (state is null)
        {
            return (null, DatasetsApi.NotFound(id));
        }
        if (!state.IsProfiled || await datasets.ReadProfileAsync(id, cancellationToken) is not { } stored)
        {
            return (null, SuggestionProblems.NotProfiled(state));
        }
        var name = await db.Datasets.AsNoTracking().Where(d => d.Id == id).Select(d => d.Name).SingleAsync(cancellationToken);
        return (new TrainingDataset(id, name, EngineJson.ReadProfile(stored.Json), state.Columns), null);
    }

    /// <summary>The saved pipeline's steps for <paramref name="target"/> (<see cref="TrainingChecks.SavedSteps"/>): what the Train panel sends when its switch is on.</summary>
    public async Task<IReadOnlyList<PipelineStepSpec>> SavedStepsAsync(TrainingChecks checks, TrainingDataset dataset, string target, CancellationToken cancellationToken) =>
        checks.SavedSteps(dataset, target, await SavedPipelines.ReadAsync(db, dataset.Id, cancellationToken));

    /// <summary>
    /// The columns the pipelines that made the dataset marked for text_features (none for an upload): training reads them as
    /// n-grams, so the plan counts them. A problem when a pipeline's fitted state cannot be read: training could not run either.
    /// </summary>
    public Task<(IReadOnlySet<string>? Columns, ProblemHttpResult? Problem)> AncestorTextColumnsAsync(TrainingDataset dataset, CancellationToken cancellationToken) =>
        AncestorTextColumnsAsync(db, dataset.Id, cancellationToken);

    /// <summary><see cref="AncestorTextColumnsAsync(TrainingDataset, CancellationToken)"/> of any dataset (the model recommendations count them too).</summary>
    public static async Task<(IReadOnlySet<string>? Columns, ProblemHttpResult? Problem)> AncestorTextColumnsAsync(MlWorkflowDbContext db, Guid datasetId,
        CancellationToken cancellationToken)
    {
        var lineages = await DatasetLineages.PipelineLineagesAsync(db, datasetId, cancellationToken);
        try
        {
            return (PipelineColumns.TextColumns(PipelineLineage.Read(lineages).Fitted), null);
        }
        catch (JsonException e)
        {
            return (null, TrainingProblems.LineageUnreadable(datasetId, e.Message));
        }
    }

    /// <summary>Target, task, metric and trainers; null when the target or task is wrong. Check <see cref="TrainingChecks.HasErrors"/> for the rest.</summary>
    public static TrainingChoice? Choose(
        TrainingChecks checks, TrainingDataset dataset, string? target, string? task, string? metric, IReadOnlyList<string?>? algorithms)
    {
        if (checks.Target(dataset.Profile, dataset.Columns, target, task) is not var (column, chosenTask))
        {
            return null;
        }
        var chosenMetric = checks.Metric(chosenTask, metric);
        var trainers = checks.Algorithms(dataset.Profile, column.Name, chosenTask, algorithms);
        return new TrainingChoice(column.Name, chosenTask, chosenMetric, trainers);
    }
}
