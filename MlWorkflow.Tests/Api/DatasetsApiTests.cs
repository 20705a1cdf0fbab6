using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace MlWorkflow.Tests.Api;

[Collection(nameof(ApiCollection))]
public sealed class DatasetsApiTests(MlWorkflowApiFactory factory)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("iris.csv", 150, 5)]
    [InlineData("penguins.csv", 344, 8)]
    [InlineData("titanic.csv", 1309, 5)]
    [InlineData("cars.csv", 406, 9)]
    [InlineData("diabetes.csv", 442, 11)]
    public async Task UploadSampleThenPreviewAndDownloadReturnsSameBytes(string sample, long rows, int columns)
    {
        var client = await factory.GetSharedUserClientAsync();
        var bytes = await File.ReadAllBytesAsync(Uploads.Sample(sample), Cancel);
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes));

        var dataset = await Uploads.UploadAsync(client, bytes, sample);

        Assert.Equal(Path.GetFileNameWithoutExtension(sample), dataset.GetProperty("name").GetString());
        Assert.Equal(sample, dataset.GetProperty("fileName").GetString());
        Assert.Equal("csv", dataset.GetProperty("format").GetString());
        Assert.Equal("uploaded", dataset.GetProperty("status").GetString());
        Assert.Equal(bytes.Length, dataset.GetProperty("sizeBytes").GetInt64());
        Assert.Equal(sha256, dataset.GetProperty("sha256").GetString());
        Assert.Equal(rows, dataset.GetProperty("rowCount").GetInt64());
        Assert.Equal(columns, dataset.GetProperty("columnCount").GetInt32());
        var id = dataset.GetProperty("id").GetString();

        var details = await Uploads.GetJsonAsync(client, $"/api/datasets/{id}");
        Assert.Equal(sha256, details.GetProperty("sha256").GetString());
        Assert.Equal(JsonValueKind.Null, details.GetProperty("profile").ValueKind);

        var lines = Encoding.UTF8.GetString(bytes).Split('\n');
        var preview = await Uploads.GetJsonAsync(client, $"/api/datasets/{id}/preview?rows=3");
        Assert.Equal(lines[0].Split(','), preview.GetProperty("columns").EnumerateArray().Select(c => c.GetString()));
        var previewRows = preview.GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal(3, previewRows.Count);
        for (var i = 0; i < 3; i++)
        {
            var expected = lines[i + 1].Split(',').Select(v => v.Length == 0 ? null : v);
            Assert.Equal(expected, previewRows[i].EnumerateArray().Select(v => v.GetString()));
        }

        var download = await client.GetAsync($"/api/datasets/{id}/download", Cancel);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        var downloaded = await download.Content.ReadAsByteArrayAsync(Cancel);
        Assert.Equal(bytes, downloaded);
        Assert.Equal(sha256, Convert.ToHexStringLower(SHA256.HashData(downloaded)));
        Assert.Equal("text/csv", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal(bytes.Length, download.Content.Headers.ContentLength);
        Assert.Equal(sample, download.Content.Headers.ContentDisposition?.FileNameStar ?? download.Content.Headers.ContentDisposition?.FileName);
        Assert.Equal($"\"{sha256}\"", download.Headers.ETag?.Tag);
        Assert.Equal($"sha-256=:{Convert.ToBase64String(SHA256.HashData(bytes))}:", download.Headers.GetValues("Repr-Digest").Single());
    }

    [Fact]
    public async Task UploadTsvWithNameDetectsFormatAndKeepsName()
    {
        var client = await factory.GetSharedUserClientAsync();
        var tsv = Encoding.UTF8.GetBytes("a\tb\tc\n1\t2\t3\n4\t\t6\n");

        var dataset = await Uploads.UploadAsync(client, tsv, "measurements.tsv", name: "  My measurements  ");

        Assert.Equal("tsv", dataset.GetProperty("format").GetString());
        Assert.Equal("My measurements", dataset.GetProperty("name").GetString());
        Assert.Equal(2, dataset.GetProperty("rowCount").GetInt64());
        var preview = await Uploads.GetJsonAsync(client, $"/api/datasets/{dataset.GetProperty("id").GetString()}/preview");
        Assert.Equal(JsonValueKind.Null, preview.GetProperty("rows")[1][1].ValueKind);
        var download = await client.GetAsync($"/api/datasets/{dataset.GetProperty("id").GetString()}/download", Cancel);
        Assert.Equal("text/tab-separated-values", download.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task DownloadWithMatchingEtagReturnsNotModified()
    {
        var client = await factory.GetSharedUserClientAsync();
        var dataset = await Uploads.UploadTextAsync(client, "x,y\n1,2\n");
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/datasets/{dataset.GetProperty("id").GetString()}/download");
        request.Headers.IfNoneMatch.Add(new EntityTagHeaderValue($"\"{dataset.GetProperty("sha256").GetString()}\""));

        var response = await client.SendAsync(request, Cancel);

        Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
    }

    [Fact]
    public async Task ListReturnsOwnDatasetsNewestFirstInPages()
    {
        using var client = await factory.CreateUserClientAsync();
        var first = await Uploads.UploadTextAsync(client, "x\n1\n", "first.csv");
        var second = await Uploads.UploadTextAsync(client, "x\n2\n", "second.csv");
        var third = await Uploads.UploadTextAsync(client, "x\n3\n", "third.csv");

        var page1 = await Uploads.GetJsonAsync(client, "/api/datasets?page=1&pageSize=2");
        var page2 = await Uploads.GetJsonAsync(client, "/api/datasets?page=2&pageSize=2");

        Assert.Equal(3, page1.GetProperty("total").GetInt32());
        Assert.Equal(
            new[] { third, second, first }.Select(d => d.GetProperty("id").GetString()),
            page1.GetProperty("items").EnumerateArray().Concat(page2.GetProperty("items").EnumerateArray())
                .Select(d => d.GetProperty("id").GetString()));
        var all = await Uploads.GetJsonAsync(client, "/api/datasets");
        Assert.Equal(3, all.GetProperty("items").GetArrayLength());
    }

    [Theory]
    [InlineData("/api/datasets?page=0")]
    [InlineData("/api/datasets?page=abc")]
    [InlineData("/api/datasets?pageSize=0")]
    [InlineData("/api/datasets?pageSize=101")]
    [InlineData("/api/datasets/00000000-0000-0000-0000-000000000001/preview?rows=0")]
    [InlineData("/api/datasets/00000000-0000-0000-0000-000000000001/preview?rows=1001")]
    public async Task OutOfRangeQueryReturnsValidationProblem(string path)
    {
        var client = await factory.GetSharedUserClientAsync();

        var response = await client.GetAsync(path, Cancel);

        var problem = await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, "validation_failed");
        Assert.NotEmpty(problem.GetProperty("errors").EnumerateObject());
    }

    [Fact]
    public async Task OtherUsersDatasetIsNotFoundAndNotListed()
    {
        using var owner = await factory.CreateUserClientAsync();
        using var stranger = await factory.CreateUserClientAsync();
        var id = (await Uploads.UploadTextAsync(owner, "x,y\n1,2\n")).GetProperty("id").GetString();

        foreach (var path in new[] { $"/api/datasets/{id}", $"/api/datasets/{id}/preview", $"/api/datasets/{id}/download" })
        {
            await ProblemAssert.IsAsync(await stranger.GetAsync(path, Cancel), HttpStatusCode.NotFound, "dataset_not_found");
        }
        await ProblemAssert.IsAsync(await stranger.DeleteAsync($"/api/datasets/{id}", Cancel), HttpStatusCode.NotFound, "dataset_not_found");
        Assert.Equal(0, (await Uploads.GetJsonAsync(stranger, "/api/datasets")).GetProperty("total").GetInt32());
        await Uploads.GetJsonAsync(owner, $"/api/datasets/{id}");
    }

    [Fact]
    public async Task DeleteRemovesDatasetArtifactAndChunks()
    {
        var client = await factory.GetSharedUserClientAsync();
        var before = await factory.CountStoredRowsAsync();
        var id = (await Uploads.UploadTextAsync(client, "x,y\n1,2\n3,4\n")).GetProperty("id").GetString();
        var during = await factory.CountStoredRowsAsync();

        var response = await client.DeleteAsync($"/api/datasets/{id}", Cancel);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal((before.Datasets + 1, before.Artifacts + 1, before.Chunks + 1), during);
        Assert.Equal(before, await factory.CountStoredRowsAsync());
        await ProblemAssert.IsAsync(await client.GetAsync($"/api/datasets/{id}", Cancel), HttpStatusCode.NotFound, "dataset_not_found");
    }
}
