namespace MlWorkflow.Web.Services;

/// <summary>The model registry and batch scoring (/api/models).</summary>
public sealed class ModelsClient(HttpClient httpClient)
{
    public Task<ApiPage<ModelRecord>> GetModelsAsync(Guid? datasetId, PageRequest page, CancellationToken cancellationToken) =>
        httpClient.GetJsonAsync<ApiPage<ModelRecord>>(ApiCalls.Query("/api/models", [("datasetId", datasetId), .. page.Parameters]), cancellationToken);

    public Task<ModelRecord> GetModelAsync(Guid id, CancellationToken cancellationToken) =>
        httpClient.GetJsonAsync<ModelRecord>($"/api/models/{id}", cancellationToken);

    public Task DeleteModelAsync(Guid id, CancellationToken cancellationToken) =>
        httpClient.CallAsync(HttpMethod.Delete, $"/api/models/{id}", cancellationToken);

    public Task<PredictBatchResult> PredictBatchAsync(Guid id, Guid datasetId, CancellationToken cancellationToken) =>
        httpClient.SendJsonAsync<PredictBatchResult>(HttpMethod.Post, $"/api/models/{id}/predict_batch", new PredictBatchRequest(datasetId), cancellationToken);

    /// <summary>Starts GET /api/models/{id}/download (the model package) and hands back the body as a stream.</summary>
    public Task<ApiFile> DownloadAsync(Guid id, CancellationToken cancellationToken) =>
        httpClient.OpenFileAsync($"/api/models/{id}/download", cancellationToken);
}
