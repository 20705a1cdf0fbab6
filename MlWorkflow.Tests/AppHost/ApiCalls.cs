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

    public static async Task UploadIrisAsync(HttpClient api)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "samples", "iris.csv"), cancellationToken));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", "iris.csv");
        var uploaded = await api.PostAsync("/api/upload", form, cancellationToken);

        await AssertStatusAsync(HttpStatusCode.Accepted, uploaded);
        var dataset = (await uploaded.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("dataset");
        Assert.Equal(150, dataset.GetProperty("rowCount").GetInt64());
        Assert.Equal(5, dataset.GetProperty("columnCount").GetInt32());
    }

    public static async Task<int> DatasetCountAsync(HttpClient api) =>
        (await api.GetFromJsonAsync<JsonElement>("/api/datasets", TestContext.Current.CancellationToken)).GetProperty("total").GetInt32();

    private static async Task AssertStatusAsync(HttpStatusCode expected, HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(expected == response.StatusCode, $"Expected {expected}, got {response.StatusCode}: {body}");
    }
}
