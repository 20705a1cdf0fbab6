using System.Text.Json;
using MlWorkflow.Core.Tasks;

namespace MlWorkflow.Api.Tasks;

/// <summary>
/// A task as the API shows it. <c>kind</c> is one of profile, preprocess, train, batch_predict, drift_check;
/// <c>status</c> one of pending, running, completed, failed, cancelled; <c>result</c> the task's output object or null.
/// <c>datasetId</c> is the dataset the task reads, <c>outputDatasetId</c> the one it writes (preprocess, batch_predict);
/// <c>datasetName</c> and <c>outputDatasetName</c> name them (null once deleted), so a client needs no second request to show them.
/// </summary>
public sealed record TaskResponse(
    Guid Id,
    string Kind,
    string Status,
    int Progress,
    Guid? DatasetId,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    string? Error,
    JsonElement? Result,
    int Attempt,
    Guid? OutputDatasetId,
    string? DatasetName,
    string? OutputDatasetName);

public sealed record TaskListResponse(IReadOnlyList<TaskResponse> Items, int Total);

public static class TaskMappings
{
    /// <summary>The task with the names of its datasets, which the caller has read with it (<see cref="TaskQueries"/>).</summary>
    public static TaskResponse ToResponse(this WorkflowTask t, string? datasetName, string? outputDatasetName) => new(
        t.Id, t.Kind.ToName(), t.Status.ToName(), t.Progress, t.DatasetId, t.CreatedAt, t.StartedAt, t.FinishedAt, t.Error,
        ParseJson(t.Result), t.Attempt, t.OutputDatasetId, datasetName, outputDatasetName);

    /// <summary>A jsonb column's text as a JSON value (sent as an object, not a string), or null.</summary>
    public static JsonElement? ParseJson(string? json)
    {
        if (json is null)
        {
            return null;
        }
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
