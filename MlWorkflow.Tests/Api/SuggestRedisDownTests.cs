using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MlWorkflow.Tests.Infrastructure;

namespace MlWorkflow.Tests.Api;

/// <summary>Redis only caches suggestions: with it stopped, they are computed, and saving or deleting still works.</summary>
public sealed class SuggestRedisDownTests(InfrastructureFixture infrastructure)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SuggestionsAreComputedWhileRedisIsDown()
    {
        var redis = await RedisServer.StartAsync(Cancel);
        await using var factory = await StandaloneApiFactory.StartAsync(infrastructure, redis.ConnectionString);
        var client = await MlWorkflowApiFactory.CreateUserClientAsync(factory);
        var id = await ProfiledUploads.UploadSampleAsync(client, factory.ConnectionString, "penguins.csv");
        var cached = await Uploads.GetJsonAsync(client, $"/api/suggest/pipeline?datasetId={id}");

        await redis.DisposeAsync();
        var watch = Stopwatch.StartNew();
        var pipeline = await Uploads.GetJsonAsync(client, $"/api/suggest/pipeline?datasetId={id}");
        var models = await Uploads.GetJsonAsync(client, $"/api/suggest/models?datasetId={id}&target=island");
        var elapsed = watch.Elapsed;
        var saved = await client.PutAsJsonAsync($"/api/datasets/{id}/pipeline",
            new { target = "species", steps = pipeline.GetProperty("steps") }, Cancel);
        var deleted = await client.DeleteAsync($"/api/datasets/{id}", Cancel);

        Assert.Equal(cached.GetProperty("steps").GetRawText(), pipeline.GetProperty("steps").GetRawText());
        Assert.Equal("species", pipeline.GetProperty("target").GetString());
        Assert.Equal("island", models.GetProperty("target").GetString());
        Assert.NotEmpty(models.GetProperty("models").EnumerateArray());
        Assert.True(elapsed < TimeSpan.FromSeconds(5), $"Two suggestions took {elapsed} with Redis down.");
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.Equal("species", (await saved.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("target").GetString());
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
    }
}
