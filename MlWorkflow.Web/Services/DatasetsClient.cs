using System.Net.Http.Headers;

namespace MlWorkflow.Web.Services;

/// <summary>Uploads and datasets (/api/upload, /api/datasets).</summary>
public sealed class DatasetsClient(HttpClient httpClient)
{
    public Task<ApiPage<DatasetRecord>> GetDatasetsAsync(PageRequest page, CancellationToken cancellationToken) =>
        httpClient.GetJsonAsync<ApiPage<DatasetRecord>>(ApiCalls.Query("/api/datasets", page.Parameters), cancellationToken);

    public Task<DatasetRecord> GetDatasetAsync(Guid id, CancellationToken cancellationToken) =>
        httpClient.GetJsonAsync<DatasetRecord>($"/api/datasets/{id}", cancellationToken);

    public Task<DatasetPreview> GetPreviewAsync(Guid id, int rows, CancellationToken cancellationToken) =>
        httpClient.GetJsonAsync<DatasetPreview>(ApiCalls.Query($"/api/datasets/{id}/preview", ("rows", rows)), cancellationToken);

    public Task DeleteDatasetAsync(Guid id, CancellationToken cancellationToken) =>
        httpClient.CallAsync(HttpMethod.Delete, $"/api/datasets/{id}", cancellationToken);

    /// <summary>Streams <paramref name="content"/> to POST /api/upload as the multipart field "file" (no timeout: files are large).</summary>
    public async Task<UploadResult> UploadAsync(Stream content, string fileName, string contentType, CancellationToken cancellationToken)
    {
        var file = new StreamContent(content, bufferSize: 81_920);
        file.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        using var form = new MultipartFormDataContent { { file, "file", fileName } };
        using var response = await httpClient.SendCheckedAsync(new(HttpMethod.Post, "/api/upload") { Content = form },
            HttpCompletionOption.ResponseContentRead, cancellationToken);
        return await response.ReadJsonAsync<UploadResult>(cancellationToken);
    }

    /// <summary>Starts GET /api/datasets/{id}/download and hands back the body as a stream (not buffered).</summary>
    public Task<ApiFile> DownloadAsync(Guid id, CancellationToken cancellationToken) =>
        httpClient.OpenFileAsync($"/api/datasets/{id}/download", cancellationToken);
}
