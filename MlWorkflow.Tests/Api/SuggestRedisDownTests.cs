using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MlWorkflow.Tests.Infrastructure;
using StackExchange.Redis;

namespace MlWorkflow.Tests.Api;

/// <summary>
/// Redis only caches suggestions: a hung Redis is not waited for, a stopped one means they are computed, and saving or
/// deleting still works. One test, one Api of its own (starting one takes seconds): first hung, then stopped.
/// </summary>
public sealed class SuggestRedisDownTests(InfrastructureFixture infrastructure)
{
    private static readonly TimeSpan s_pause = TimeSpan.FromSeconds(3);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    [Slow]
    public async Task SuggestionsAreComputedWhileRedisHangsOrIsDown()
    {
        var redis = await RedisServer.StartAsync(Cancel);
        await using var factory = await StandaloneApiFactory.StartAsync(infrastructure, redis.ConnectionString);
        var client = await MlWorkflowApiFactory.CreateUserClientAsync(factory);
        var id = await ProfiledUploads.UploadSampleAsync(client, factory.ConnectionString, "penguins.csv");

        // Hung: Redis keeps its connections but answers no command for a while.
        await using (var admin = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString + ",allowAdmin=true"))
        {
            await admin.GetDatabase().ExecuteAsync("CLIENT", "PAUSE", ((long)s_pause.TotalMilliseconds).ToString(), "ALL");
            var watch = Stopwatch.StartNew();
            var duringPause = await Uploads.GetJsonAsync(client, $"/api/suggest/pipeline?datasetId={id}");
            var waited = watch.Elapsed;
            await Task.Delay(s_pause + TimeSpan.FromMilliseconds(200) - (waited < s_pause ? waited : s_pause), Cancel);

            Assert.Equal("species", duringPause.GetProperty("target").GetString());
            Assert.True(waited < TimeSpan.FromSeconds(2), $"The suggestion waited {waited} for a paused Redis.");
        }
        var cached = await Uploads.GetJsonAsync(client, $"/api/suggest/pipeline?datasetId={id}");

        // Down: the server is gone.
        await redis.DisposeAsync();
        var stopped = Stopwatch.StartNew();
        var pipeline = await Uploads.GetJsonAsync(client, $"/api/suggest/pipeline?datasetId={id}");
        var models = await Uploads.GetJsonAsync(client, $"/api/suggest/models?datasetId={id}&target=island");
        var elapsed = stopped.Elapsed;
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
