namespace MlWorkflow.Web.Services;

/// <summary>Model search (/api/train): its plan, starting it, and stopping it early while keeping the best so far.</summary>
public sealed class TrainingClient(HttpClient httpClient)
{
    /// <summary>The plan for these settings; with <c>useSavedPipeline</c>, counted after the dataset's saved pipeline for the target, as training with it does.</summary>
    public Task<TrainingPlanRecord> GetPlanAsync(Guid datasetId, string target, string? task, double? timeBudgetSeconds, IReadOnlyList<string>? algorithms,
        bool useSavedPipeline, CancellationToken cancellationToken) =>
        httpClient.GetJsonAsync<TrainingPlanRecord>(ApiCalls.Query("/api/train/plan", ("datasetId", datasetId), ("target", target), ("task", task),
            ("timeBudgetSeconds", timeBudgetSeconds), ("algorithms", algorithms is { Count: > 0 } ? string.Join(',', algorithms) : null),
            ("useSavedPipeline", useSavedPipeline ? "true" : null)), cancellationToken);

    public Task<StartTrainingResult> StartAsync(StartTrainingRequest request, CancellationToken cancellationToken) =>
        httpClient.SendJsonAsync<StartTrainingResult>(HttpMethod.Post, "/api/train", request, cancellationToken);

    public Task<TaskRecord> StopAsync(Guid taskId, CancellationToken cancellationToken) =>
        httpClient.SendJsonAsync<TaskRecord>(HttpMethod.Post, $"/api/train/{taskId}/stop", null, cancellationToken);
}
