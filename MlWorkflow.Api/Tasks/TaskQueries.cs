using Microsoft.EntityFrameworkCore;
using MlWorkflow.Core.Data;
using MlWorkflow.Core.Tasks;

namespace MlWorkflow.Api.Tasks;

/// <summary>A task read with the names of the datasets it reads and writes (null when one is deleted).</summary>
public sealed record NamedTask(WorkflowTask Task, string? DatasetName, string? OutputDatasetName)
{
    public TaskResponse ToResponse() => Task.ToResponse(DatasetName, OutputDatasetName);
}

public static class TaskQueries
{
    /// <summary><paramref name="tasks"/> with their datasets' names, looked up in the same query.</summary>
    public static IQueryable<NamedTask> WithDatasetNames(MlWorkflowDbContext db, IQueryable<WorkflowTask> tasks) =>
        tasks.Select(t => new NamedTask(t,
            db.Datasets.Where(d => d.Id == t.DatasetId).Select(d => d.Name).FirstOrDefault(),
            db.Datasets.Where(d => d.Id == t.OutputDatasetId).Select(d => d.Name).FirstOrDefault()));

    /// <summary>The response for a task already in hand (e.g. one just cancelled or retried): its datasets' names in one query.</summary>
    public static async Task<TaskResponse> ToResponseAsync(this WorkflowTask task, MlWorkflowDbContext db, CancellationToken cancellationToken)
    {
        Guid[] ids = [.. new[] { task.DatasetId, task.OutputDatasetId }.OfType<Guid>()];
        var names = await db.Datasets.AsNoTracking().Where(d => ids.Contains(d.Id))
            .Select(d => new { d.Id, d.Name }).ToDictionaryAsync(d => d.Id, d => d.Name, cancellationToken);
        return task.ToResponse(Name(task.DatasetId), Name(task.OutputDatasetId));

        string? Name(Guid? id) => id is { } key ? names.GetValueOrDefault(key) : null;
    }
}
