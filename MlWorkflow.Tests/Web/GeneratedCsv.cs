using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace MlWorkflow.Tests.Web;

/// <summary>
/// A CSV of <paramref name="rows"/> generated while it is sent (never held in memory or on disk): numeric, integer,
/// categorical and boolean columns from a seeded random source, so its profile takes a while to compute.
/// </summary>
public sealed class GeneratedCsv(long rows, int seed = 7) : HttpContent
{
    private static readonly string[] s_categories = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta"];

    /// <summary>Uploads it through the Api as <paramref name="fileName"/>; returns the dataset's and the profile task's ids.</summary>
    public static async Task<(Guid DatasetId, Guid TaskId)> UploadAsync(HttpClient api, long rows, string fileName, CancellationToken cancellationToken)
    {
        var file = new GeneratedCsv(rows);
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        using var form = new MultipartFormDataContent { { file, "file", fileName } };
        using var response = await api.PostAsync("/api/upload", form, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"Upload answered {(int)response.StatusCode}: {body}");
        using var json = JsonDocument.Parse(body);
        return (json.RootElement.GetProperty("dataset").GetProperty("id").GetGuid(), json.RootElement.GetProperty("task").GetProperty("id").GetGuid());
    }

    /// <summary>The task as the Api reports it.</summary>
    public static async Task<JsonElement> GetTaskAsync(HttpClient api, Guid taskId, CancellationToken cancellationToken) =>
        await api.GetFromJsonAsync<JsonElement>($"/api/task/{taskId}/status", cancellationToken);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        var random = new Random(seed);
        await using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true);
        await writer.WriteAsync("id,amount,score,count,category,flag,note\n");
        for (long row = 1; row <= rows; row++)
        {
            await writer.WriteAsync(string.Create(CultureInfo.InvariantCulture,
                $"{row},{random.NextDouble() * 1000:0.###},{random.NextDouble() * 2 - 1:0.######},{random.Next(0, 500)},{s_categories[random.Next(s_categories.Length)]},{(random.Next(2) == 0 ? "true" : "false")},{(random.Next(10) == 0 ? "" : "n" + random.Next(100_000))}\n"));
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
