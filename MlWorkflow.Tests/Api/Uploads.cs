using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace MlWorkflow.Tests.Api;

/// <summary>Builds multipart upload requests the way browsers and curl send them.</summary>
public static class Uploads
{
    public static string Sample(string name) => Path.Combine(AppContext.BaseDirectory, "samples", name);

    public static string BadUpload(string name) => Path.Combine(AppContext.BaseDirectory, "Corpus", "BadUploads", name);

    public static MultipartFormDataContent Form(HttpContent file, string fileName, string? contentType = "text/csv", string? name = null)
    {
        if (contentType is not null)
        {
            file.Headers.Remove("Content-Type");
            file.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }
        var form = new MultipartFormDataContent();
        if (name is not null)
        {
            form.Add(new StringContent(name), "name");
        }
        form.Add(file, "file", fileName);
        return form;
    }

    public static MultipartFormDataContent Form(byte[] bytes, string fileName, string? contentType = "text/csv", string? name = null) =>
        Form(new ByteArrayContent(bytes), fileName, contentType, name);

    /// <summary>A file part whose Content-Disposition is written verbatim (for names HttpClient would not send).</summary>
    public static MultipartFormDataContent FormWithRawDisposition(byte[] bytes, string disposition)
    {
        var file = new ByteArrayContent(bytes);
        file.Headers.TryAddWithoutValidation("Content-Disposition", disposition);
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        var form = new MultipartFormDataContent { file };
        return form;
    }

    /// <summary>Uploads and asserts 202; returns the dataset.</summary>
    public static async Task<JsonElement> UploadAsync(HttpClient client, byte[] bytes, string fileName, string? name = null) =>
        (await UploadWithTaskAsync(client, bytes, fileName, name)).Dataset;

    /// <summary>Uploads a small CSV and returns the dataset and its profile task's id.</summary>
    public static async Task<(JsonElement Dataset, Guid TaskId)> UploadForTaskAsync(HttpClient client, string csv = "x,y\n1,2\n3,4\n")
    {
        var (dataset, task) = await UploadWithTaskAsync(client, System.Text.Encoding.UTF8.GetBytes(csv), "small.csv");
        return (dataset, task.GetProperty("id").GetGuid());
    }

    /// <summary>Uploads and asserts 202; returns the dataset and its profile task.</summary>
    public static async Task<(JsonElement Dataset, JsonElement Task)> UploadWithTaskAsync(
        HttpClient client, byte[] bytes, string fileName, string? name = null)
    {
        using var form = Form(bytes, fileName, name: name);
        var response = await client.PostAsync("/api/upload", form, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{(int)response.StatusCode}: {text}");
        var body = JsonSerializer.Deserialize<JsonElement>(text);
        var dataset = body.GetProperty("dataset");
        Assert.Equal($"/api/datasets/{dataset.GetProperty("id").GetString()}", response.Headers.Location?.OriginalString);
        return (dataset, body.GetProperty("task"));
    }

    public static Task<JsonElement> UploadTextAsync(HttpClient client, string csv, string fileName = "small.csv") =>
        UploadAsync(client, System.Text.Encoding.UTF8.GetBytes(csv), fileName);

    public static async Task<JsonElement> GetJsonAsync(HttpClient client, string path, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await client.GetAsync(path, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == expected, $"GET {path}: {(int)response.StatusCode} {text}");
        return await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
    }
}
