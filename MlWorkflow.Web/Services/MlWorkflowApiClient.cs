using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace MlWorkflow.Web.Services;

/// <summary>
/// The typed client for the Api (service discovery name "api"). <see cref="BearerTokenHandler"/> adds the
/// signed-in user's token; every failure surfaces as an <see cref="ProblemException"/>.
/// </summary>
public sealed class MlWorkflowApiClient(HttpClient httpClient)
{
    // The client has no overall timeout (uploads stream up to 1 GiB), so small calls get their own.
    private static readonly TimeSpan s_callTimeout = TimeSpan.FromSeconds(30);

    public Task<RegisteredUser> RegisterAsync(Credentials credentials, CancellationToken cancellationToken) =>
        SendJsonAsync<RegisteredUser>(() => new(HttpMethod.Post, "/api/auth/register") { Content = JsonContent.Create(credentials) }, cancellationToken);

    public Task<TokenResponse> CreateTokenAsync(Credentials credentials, CancellationToken cancellationToken) =>
        SendJsonAsync<TokenResponse>(() => new(HttpMethod.Post, "/api/auth/token") { Content = JsonContent.Create(credentials) }, cancellationToken);

    public Task<DatasetPage> GetDatasetsAsync(int page, int pageSize, CancellationToken cancellationToken) =>
        SendJsonAsync<DatasetPage>(() => new(HttpMethod.Get, $"/api/datasets?page={page}&pageSize={pageSize}"), cancellationToken);

    public Task<DatasetRecord> GetDatasetAsync(Guid id, CancellationToken cancellationToken) =>
        SendJsonAsync<DatasetRecord>(() => new(HttpMethod.Get, $"/api/datasets/{id}"), cancellationToken);

    public Task<DatasetPreview> GetPreviewAsync(Guid id, int rows, CancellationToken cancellationToken) =>
        SendJsonAsync<DatasetPreview>(() => new(HttpMethod.Get, $"/api/datasets/{id}/preview?rows={rows}"), cancellationToken);

    public Task DeleteDatasetAsync(Guid id, CancellationToken cancellationToken) =>
        SendWithTimeoutAsync(() => new(HttpMethod.Delete, $"/api/datasets/{id}"), (_, _) => Task.FromResult(true), cancellationToken);

    public Task<PipelineSuggestionRecord> GetPipelineSuggestionAsync(Guid datasetId, string? target, CancellationToken cancellationToken) =>
        SendJsonAsync<PipelineSuggestionRecord>(() => new(HttpMethod.Get, $"/api/suggest/pipeline{SuggestQuery(datasetId, target)}"), cancellationToken);

    public Task<ModelRecommendationsRecord> GetModelRecommendationsAsync(Guid datasetId, string? target, CancellationToken cancellationToken) =>
        SendJsonAsync<ModelRecommendationsRecord>(() => new(HttpMethod.Get, $"/api/suggest/models{SuggestQuery(datasetId, target)}"), cancellationToken);

    /// <summary>The pipeline saved with the dataset, or null when none is (the Api answers 404: the suggestion applies).</summary>
    public async Task<SavedPipelineRecord?> GetSavedPipelineAsync(Guid datasetId, CancellationToken cancellationToken)
    {
        try
        {
            return await SendJsonAsync<SavedPipelineRecord>(() => new(HttpMethod.Get, $"/api/datasets/{datasetId}/pipeline"), cancellationToken);
        }
        catch (ProblemException problem) when (problem.Status == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public Task<SavedPipelineRecord> SavePipelineAsync(Guid datasetId, SavePipelineRequest pipeline, CancellationToken cancellationToken) =>
        SendJsonAsync<SavedPipelineRecord>(() => new(HttpMethod.Put, $"/api/datasets/{datasetId}/pipeline") { Content = JsonContent.Create(pipeline) }, cancellationToken);

    public Task DeletePipelineAsync(Guid datasetId, CancellationToken cancellationToken) =>
        SendWithTimeoutAsync(() => new(HttpMethod.Delete, $"/api/datasets/{datasetId}/pipeline"), (_, _) => Task.FromResult(true), cancellationToken);

    public Task<RunPipelineResult> RunPipelineAsync(RunPipelineRequest request, CancellationToken cancellationToken) =>
        SendJsonAsync<RunPipelineResult>(() => new(HttpMethod.Post, "/api/run_pipeline") { Content = JsonContent.Create(request) }, cancellationToken);

    /// <summary>GET /api/auth/me with an explicit token: at sign-in the cookie (and so the handler's user) does not exist yet.</summary>
    public Task<CurrentUser> GetCurrentUserAsync(string accessToken, CancellationToken cancellationToken) =>
        SendJsonAsync<CurrentUser>(() => new(HttpMethod.Get, "/api/auth/me") { Headers = { Authorization = new("Bearer", accessToken) } }, cancellationToken);

    public Task<TaskPage> GetTasksAsync(TaskQuery query, CancellationToken cancellationToken) =>
        SendJsonAsync<TaskPage>(() => new(HttpMethod.Get, $"/api/tasks{QueryString(query)}"), cancellationToken);

    public Task<TaskRecord> GetTaskAsync(Guid id, CancellationToken cancellationToken) =>
        SendJsonAsync<TaskRecord>(() => new(HttpMethod.Get, $"/api/task/{id}/status"), cancellationToken);

    public Task<TaskRecord> CancelTaskAsync(Guid id, CancellationToken cancellationToken) =>
        SendJsonAsync<TaskRecord>(() => new(HttpMethod.Post, $"/api/cancel/{id}"), cancellationToken);

    public Task<TaskRecord> RetryTaskAsync(Guid id, CancellationToken cancellationToken) =>
        SendJsonAsync<TaskRecord>(() => new(HttpMethod.Post, $"/api/task/{id}/retry"), cancellationToken);

    public Task<LogPage> GetLogsAsync(Guid id, long after, int limit, CancellationToken cancellationToken) =>
        SendJsonAsync<LogPage>(() => new(HttpMethod.Get, $"/api/logs/{id}?after={after}&limit={limit}"), cancellationToken);

    /// <summary>Starts GET /api/logs/{id}.txt and hands back the body as a stream (not buffered).</summary>
    public Task<ApiFile> DownloadLogAsync(Guid id, CancellationToken cancellationToken) => OpenFileAsync($"/api/logs/{id}.txt", cancellationToken);

    /// <summary>Streams <paramref name="content"/> to POST /api/upload as the multipart field "file".</summary>
    public async Task<UploadResult> UploadAsync(Stream content, string fileName, string contentType, CancellationToken cancellationToken)
    {
        var file = new StreamContent(content, bufferSize: 81_920);
        file.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        using var form = new MultipartFormDataContent { { file, "file", fileName } };
        using var response = await SendAsync(new(HttpMethod.Post, "/api/upload") { Content = form }, HttpCompletionOption.ResponseContentRead, cancellationToken);
        return await ReadJsonAsync<UploadResult>(response, cancellationToken);
    }

    /// <summary>Starts GET /api/datasets/{id}/download and hands back the body as a stream (not buffered).</summary>
    public Task<ApiFile> DownloadAsync(Guid id, CancellationToken cancellationToken) => OpenFileAsync($"/api/datasets/{id}/download", cancellationToken);

    private async Task<ApiFile> OpenFileAsync(string path, CancellationToken cancellationToken)
    {
        var response = await SendAsync(new(HttpMethod.Get, path), HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        try
        {
            return new ApiFile(response, await response.Content.ReadAsStreamAsync(cancellationToken));
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    private static string SuggestQuery(Guid datasetId, string? target) =>
        target is null ? $"?datasetId={datasetId}" : $"?datasetId={datasetId}&target={Uri.EscapeDataString(target)}";

    private static string QueryString(TaskQuery query)
    {
        var parts = new List<string> { $"page={query.Page}", $"pageSize={query.PageSize}" };
        if (!string.IsNullOrEmpty(query.Status))
        {
            parts.Add($"status={Uri.EscapeDataString(query.Status)}");
        }
        if (!string.IsNullOrEmpty(query.Kind))
        {
            parts.Add($"kind={Uri.EscapeDataString(query.Kind)}");
        }
        if (query.DatasetId is { } datasetId)
        {
            parts.Add($"datasetId={datasetId}");
        }
        return "?" + string.Join("&", parts);
    }

    private Task<T> SendJsonAsync<T>(Func<HttpRequestMessage> request, CancellationToken cancellationToken) =>
        SendWithTimeoutAsync(request, ReadJsonAsync<T>, cancellationToken);

    private async Task<T> SendWithTimeoutAsync<T>(
        Func<HttpRequestMessage> request, Func<HttpResponseMessage, CancellationToken, Task<T>> read, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(s_callTimeout);
        try
        {
            using var response = await SendAsync(request(), HttpCompletionOption.ResponseContentRead, timeout.Token);
            return await read(response, timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ProblemException(HttpStatusCode.GatewayTimeout, "The Api did not answer in time",
                $"No answer within {s_callTimeout.TotalSeconds:0} seconds.", "Try again; if it keeps happening, check the api service's health and logs.");
        }
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, HttpCompletionOption completion, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            using (request)
            {
                response = await httpClient.SendAsync(request, completion, cancellationToken);
            }
        }
        catch (HttpRequestException exception)
        {
            throw new ProblemException(HttpStatusCode.ServiceUnavailable, "The Api cannot be reached", exception.Message,
                "Check that the api service is running (the Aspire dashboard shows its state). Outside Aspire, point Web at it with services__api__http__0=http://127.0.0.1:PORT.");
        }
        if (response.IsSuccessStatusCode)
        {
            return response;
        }
        using (response)
        {
            throw await ProblemException.ReadAsync(response, cancellationToken);
        }
    }

    private static async Task<T> ReadJsonAsync<T>(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            return await response.Content.ReadFromJsonAsync<T>(cancellationToken)
                ?? throw new ProblemException(response.StatusCode, "The Api sent an empty answer", null, "Try again.");
        }
        catch (Exception exception) when (exception is JsonException or NotSupportedException)
        {
            throw new ProblemException(response.StatusCode, "The Api's answer could not be read", exception.Message,
                "Web and Api disagree about the answer's shape: deploy matching versions of both.");
        }
    }
}
