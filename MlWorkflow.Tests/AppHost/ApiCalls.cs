using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace MlWorkflow.Tests.AppHost;

/// <summary>The user's first steps through the api (per the HTTP contract), for tests that start the whole platform.</summary>
internal static class ApiCalls
{
    public static object NewCredentials() =>
        new { email = $"apphost-{Guid.NewGuid():N}@example.com", password = "correct horse battery" };

    public static async Task RegisterAsync(HttpClient api, object credentials) =>
        await AssertStatusAsync(HttpStatusCode.Created, await api.PostAsJsonAsync("/api/auth/register", credentials, TestContext.Current.CancellationToken));

    /// <summary>Gets a token and sends it with every later request of <paramref name="api"/>.</summary>
    public static async Task LogInAsync(HttpClient api, object credentials)
    {
        var response = await api.PostAsJsonAsync("/api/auth/token", credentials, TestContext.Current.CancellationToken);
        await AssertStatusAsync(HttpStatusCode.OK, response);
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("accessToken").GetString();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    /// <returns>The dataset's id and its profile task's id.</returns>
    public static async Task<(Guid DatasetId, Guid TaskId)> UploadIrisAsync(HttpClient api)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "samples", "iris.csv"), cancellationToken));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", "iris.csv");
        var uploaded = await api.PostAsync("/api/upload", form, cancellationToken);

        await AssertStatusAsync(HttpStatusCode.Accepted, uploaded);
        var body = await uploaded.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        var dataset = body.GetProperty("dataset");
        Assert.Equal(150, dataset.GetProperty("rowCount").GetInt64());
        Assert.Equal(5, dataset.GetProperty("columnCount").GetInt32());
        return (dataset.GetProperty("id").GetGuid(), body.GetProperty("task").GetProperty("id").GetGuid());
    }

    /// <summary>
    /// The worker picks up the upload's profile task and completes it: the dataset is ready with its profile, and the
    /// task's log runs from seq 1 with no gap through pending, running and completed.
    /// </summary>
    public static async Task AssertProfiledAsync(HttpClient api, Guid datasetId, Guid taskId)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var deadline = DateTime.UtcNow.AddMinutes(2);
        JsonElement task;
        while (true)
        {
            task = await api.GetFromJsonAsync<JsonElement>($"/api/task/{taskId}/status", cancellationToken);
            var status = task.GetProperty("status").GetString();
            if (status is "completed" or "failed" or "cancelled" || DateTime.UtcNow > deadline)
            {
                break;
            }
            await Task.Delay(250, cancellationToken);
        }
        Assert.True(task.GetProperty("status").GetString() == "completed", $"The profile task did not complete: {task}");

        var dataset = await api.GetFromJsonAsync<JsonElement>($"/api/datasets/{datasetId}", cancellationToken);
        Assert.Equal("ready", dataset.GetProperty("status").GetString());
        Assert.Equal(150, dataset.GetProperty("profile").GetProperty("rowCount").GetInt64());

        var log = await api.GetFromJsonAsync<JsonElement>($"/api/logs/{taskId}?after=0&limit=10000", cancellationToken);
        var entries = log.GetProperty("entries").EnumerateArray().ToList();
        Assert.Equal(Enumerable.Range(1, entries.Count).Select(i => (long)i), entries.Select(e => e.GetProperty("seq").GetInt64()));
        var statuses = entries.Where(e => e.GetProperty("step").GetString() == "status")
            .Select(e => e.GetProperty("message").GetString()!.Split(':')[0]).ToList();
        Assert.Equal(["pending", "running", "completed"], statuses);
    }

    /// <summary>The profiled iris gets its pipeline and model suggestions for its natural target, twice (the second from the Redis cache).</summary>
    public static async Task AssertSuggestsAsync(HttpClient api, Guid datasetId)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        for (var call = 0; call < 2; call++)
        {
            var pipeline = await api.GetFromJsonAsync<JsonElement>($"/api/suggest/pipeline?datasetId={datasetId}", cancellationToken);
            Assert.Equal("target", pipeline.GetProperty("target").GetString());
            Assert.Equal("multiclass", pipeline.GetProperty("task").GetString());
            Assert.NotEmpty(pipeline.GetProperty("steps").EnumerateArray());
            var models = await api.GetFromJsonAsync<JsonElement>($"/api/suggest/models?datasetId={datasetId}&target=target", cancellationToken);
            Assert.Contains(models.GetProperty("models").EnumerateArray(), m => m.GetProperty("algorithm").GetString() == "LightGbm");
        }
    }

    public static async Task<int> DatasetCountAsync(HttpClient api) =>
        (await api.GetFromJsonAsync<JsonElement>("/api/datasets", TestContext.Current.CancellationToken)).GetProperty("total").GetInt32();

    private static async Task AssertStatusAsync(HttpStatusCode expected, HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(expected == response.StatusCode, $"Expected {expected}, got {response.StatusCode}: {body}");
    }
}
