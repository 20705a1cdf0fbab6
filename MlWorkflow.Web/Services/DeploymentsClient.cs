namespace MlWorkflow.Web.Services;

/// <summary>
/// Deployments (/api/deployments): create, list, read with the last hour's traffic, switch or roll back the model, change
/// settings, delete; their keys, predictions with the user's token, drift checks and reports, and drift alerts (/api/drift_alerts).
/// </summary>
public sealed class DeploymentsClient(HttpClient httpClient)
{
    public Task<DeploymentRecord> CreateAsync(CreateDeploymentRequest request, CancellationToken cancellationToken) =>
        httpClient.SendJsonAsync<DeploymentRecord>(HttpMethod.Post, "/api/deployments", request, cancellationToken);

    public Task<ApiPage<DeploymentRecord>> GetDeploymentsAsync(PageRequest page, CancellationToken cancellationToken) =>
        httpClient.GetJsonAsync<ApiPage<DeploymentRecord>>(ApiCalls.Query("/api/deployments", page.Parameters), cancellationToken);

    public Task<DeploymentRecord> GetDeploymentAsync(Guid id, CancellationToken cancellationToken) =>
        httpClient.GetJsonAsync<DeploymentRecord>($"/api/deployments/{id}", cancellationToken);

    /// <summary>Switches the model (roll back = switch to the previous one) and/or changes settings.</summary>
    public Task<DeploymentRecord> UpdateAsync(Guid id, UpdateDeploymentRequest request, CancellationToken cancellationToken) =>
        httpClient.SendJsonAsync<DeploymentRecord>(HttpMethod.Put, $"/api/deployments/{id}", request, cancellationToken);

    public Task DeleteAsync(Guid id, CancellationToken cancellationToken) =>
        httpClient.CallAsync(HttpMethod.Delete, $"/api/deployments/{id}", cancellationToken);

    public async Task<IReadOnlyList<DeploymentKeyRecord>> GetKeysAsync(Guid id, CancellationToken cancellationToken) =>
        (await httpClient.GetJsonAsync<DeploymentKeyList>($"/api/deployments/{id}/keys", cancellationToken)).Items;

    public Task<CreatedKeyRecord> CreateKeyAsync(Guid id, string name, CancellationToken cancellationToken) =>
        httpClient.SendJsonAsync<CreatedKeyRecord>(HttpMethod.Post, $"/api/deployments/{id}/keys", new CreateKeyRequest(name), cancellationToken);

    public Task RevokeKeyAsync(Guid id, Guid keyId, CancellationToken cancellationToken) =>
        httpClient.CallAsync(HttpMethod.Delete, $"/api/deployments/{id}/keys/{keyId}", cancellationToken);

    /// <summary>Predicts <paramref name="rows"/> as the signed-in user (their token, not a key).</summary>
    public Task<PredictResult> PredictAsync(Guid id, IReadOnlyList<IReadOnlyDictionary<string, object?>> rows, CancellationToken cancellationToken) =>
        httpClient.SendJsonAsync<PredictResult>(HttpMethod.Post, $"/api/deployments/{id}/predict", new PredictRequest(rows), cancellationToken);

    public Task<DriftCheckResult> CheckDriftAsync(Guid id, CancellationToken cancellationToken) =>
        httpClient.SendJsonAsync<DriftCheckResult>(HttpMethod.Post, $"/api/deployments/{id}/drift_check", null, cancellationToken);

    public Task<DriftReportEnvelope> GetDriftReportAsync(Guid id, CancellationToken cancellationToken) =>
        httpClient.GetJsonAsync<DriftReportEnvelope>($"/api/deployments/{id}/drift", cancellationToken);

    public Task<DriftAlertPage> GetAlertsAsync(DriftAlertFilter filter, PageRequest page, CancellationToken cancellationToken) =>
        httpClient.GetJsonAsync<DriftAlertPage>(ApiCalls.Query("/api/drift_alerts",
            [("deploymentId", filter.DeploymentId), ("acknowledged", filter.Acknowledged is { } ack ? (ack ? "true" : "false") : null), .. page.Parameters]),
            cancellationToken);

    /// <summary>How many alerts wait for an acknowledgement, over all the user's deployments (for the navigation badge).</summary>
    public async Task<int> CountUnacknowledgedAsync(CancellationToken cancellationToken) =>
        (await GetAlertsAsync(new(Acknowledged: false), new(PageSize: 1), cancellationToken)).Unacknowledged;

    public Task<DriftAlertRecord> AcknowledgeAsync(Guid alertId, CancellationToken cancellationToken) =>
        httpClient.SendJsonAsync<DriftAlertRecord>(HttpMethod.Post, $"/api/drift_alerts/{alertId}/ack", null, cancellationToken);
}
