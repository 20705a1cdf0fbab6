using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace MlWorkflow.Tests.Web;

/// <summary>Set-up a browser test does through the Api, as a program would: wait for a profile, train a small model.</summary>
internal static class TrainingApiCalls
{
    // Profiling and a 5 s search on 2 shared cores: minutes under load, seconds when quiet.
    private static readonly TimeSpan s_patience = TimeSpan.FromMinutes(5);

    public static async Task WaitForDatasetAsync(HttpClient api, Guid datasetId, CancellationToken cancellationToken)
    {
        var status = "";
        await WaitAsync(async () =>
        {
            status = (await api.GetFromJsonAsync<JsonElement>($"/api/datasets/{datasetId}", cancellationToken)).GetProperty("status").GetString();
            Assert.NotEqual("failed", status);
            return status == "ready";
        }, () => $"dataset {datasetId} to be profiled (status {status})", cancellationToken);
    }

    /// <summary>The smallest search: one trial within 5 s (the Api's minimum budget). Returns the train task's id.</summary>
    public static async Task<Guid> StartTrainingAsync(HttpClient api, Guid datasetId, string target, string name, CancellationToken cancellationToken)
    {
        using var response = await api.PostAsJsonAsync("/api/train",
            new { datasetId, target, timeBudgetSeconds = 5, maxTrials = 1, name }, cancellationToken);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("task").GetProperty("id").GetGuid();
    }

    /// <summary>Waits for the train task to complete; returns the model it registered.</summary>
    public static async Task<Guid> WaitForModelAsync(HttpClient api, Guid taskId, CancellationToken cancellationToken)
    {
        JsonElement task = default;
        await WaitAsync(async () =>
        {
            task = await api.GetFromJsonAsync<JsonElement>($"/api/task/{taskId}/status", cancellationToken);
            var status = task.GetProperty("status").GetString();
            Assert.True(status is not ("failed" or "cancelled"), $"train task {taskId} {status}: {task}");
            return status == "completed";
        }, () => $"train task {taskId} to complete ({task})", cancellationToken);
        return task.GetProperty("result").GetProperty("modelId").GetGuid();
    }

    public static async Task<JsonElement> ModelAsync(HttpClient api, Guid modelId, CancellationToken cancellationToken) =>
        await api.GetFromJsonAsync<JsonElement>($"/api/models/{modelId}", cancellationToken);

    private static async Task WaitAsync(Func<Task<bool>> condition, Func<string> what, CancellationToken cancellationToken)
    {
        var waited = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(waited.Elapsed < s_patience, $"Waited {waited.Elapsed} for {what()}.");
            await Task.Delay(250, cancellationToken);
        }
    }
}
