using System.Net;

namespace MlWorkflow.Web.Services;

/// <summary>Suggestions, the pipeline saved with a dataset, and pipeline runs (/api/suggest, …/pipeline, /api/run_pipeline).</summary>
public sealed class PipelinesClient(HttpClient httpClient)
{
    public Task<PipelineSuggestionRecord> GetPipelineSuggestionAsync(Guid datasetId, string? target, CancellationToken cancellationToken) =>
        httpClient.GetJsonAsync<PipelineSuggestionRecord>(ApiCalls.Query("/api/suggest/pipeline", ("datasetId", datasetId), ("target", target)), cancellationToken);

    public Task<ModelRecommendationsRecord> GetModelRecommendationsAsync(Guid datasetId, string? target, CancellationToken cancellationToken) =>
        httpClient.GetJsonAsync<ModelRecommendationsRecord>(ApiCalls.Query("/api/suggest/models", ("datasetId", datasetId), ("target", target)), cancellationToken);

    /// <summary>The pipeline saved with the dataset, or null when none is (the Api answers 404: the suggestion applies).</summary>
    public async Task<SavedPipelineRecord?> GetSavedPipelineAsync(Guid datasetId, CancellationToken cancellationToken)
    {
        try
        {
            return await httpClient.GetJsonAsync<SavedPipelineRecord>($"/api/datasets/{datasetId}/pipeline", cancellationToken);
        }
        catch (ProblemException problem) when (problem.Status == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public Task<SavedPipelineRecord> SavePipelineAsync(Guid datasetId, SavePipelineRequest pipeline, CancellationToken cancellationToken) =>
        httpClient.SendJsonAsync<SavedPipelineRecord>(HttpMethod.Put, $"/api/datasets/{datasetId}/pipeline", pipeline, cancellationToken);

    public Task DeletePipelineAsync(Guid datasetId, CancellationToken cancellationToken) =>
        httpClient.CallAsync(HttpMethod.Delete, $"/api/datasets/{datasetId}/pipeline", cancellationToken);

    public Task<RunPipelineResult> RunPipelineAsync(RunPipelineRequest request, CancellationToken cancellationToken) =>
        httpClient.SendJsonAsync<RunPipelineResult>(HttpMethod.Post, "/api/run_pipeline", request, cancellationToken);
}
