namespace MlWorkflow.Web.Services;

/// <summary>Tasks and their stored logs (/api/tasks, /api/task, /api/cancel, /api/logs); live logs: <see cref="LiveLogClient"/>.</summary>
public sealed class TasksClient(HttpClient httpClient)
{
    public Task<ApiPage<TaskRecord>> GetTasksAsync(TaskFilter filter, PageRequest page, CancellationToken cancellationToken) =>
        httpClient.GetJsonAsync<ApiPage<TaskRecord>>(ApiCalls.Query("/api/tasks",
            [("status", filter.Status), ("kind", filter.Kind), ("datasetId", filter.DatasetId), .. page.Parameters]), cancellationToken);

    public Task<TaskRecord> GetTaskAsync(Guid id, CancellationToken cancellationToken) =>
        httpClient.GetJsonAsync<TaskRecord>($"/api/task/{id}/status", cancellationToken);

    public Task<TaskRecord> CancelTaskAsync(Guid id, CancellationToken cancellationToken) =>
        httpClient.SendJsonAsync<TaskRecord>(HttpMethod.Post, $"/api/cancel/{id}", null, cancellationToken);

    public Task<TaskRecord> RetryTaskAsync(Guid id, CancellationToken cancellationToken) =>
        httpClient.SendJsonAsync<TaskRecord>(HttpMethod.Post, $"/api/task/{id}/retry", null, cancellationToken);

    public Task<LogPage> GetLogsAsync(Guid id, long after, int limit, CancellationToken cancellationToken) =>
        httpClient.GetJsonAsync<LogPage>(ApiCalls.Query($"/api/logs/{id}", ("after", after), ("limit", limit)), cancellationToken);

    /// <summary>Starts GET /api/logs/{id}.txt and hands back the body as a stream (not buffered).</summary>
    public Task<ApiFile> DownloadLogAsync(Guid id, CancellationToken cancellationToken) =>
        httpClient.OpenFileAsync($"/api/logs/{id}.txt", cancellationToken);
}
