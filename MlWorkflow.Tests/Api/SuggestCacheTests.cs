extern alias api;

using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using MlWorkflow.Engine.Profiling;
using StackExchange.Redis;
using SuggestionCache = api::MlWorkflow.Api.Suggestions.SuggestionCache;

namespace MlWorkflow.Tests.Api;

[Collection(nameof(ApiCollection))]
public sealed class SuggestCacheTests(MlWorkflowApiFactory factory)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private IDatabase Redis => factory.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();

    [Fact]
    public async Task SecondSuggestionIsServedFromTheCache()
    {
        var client = await factory.GetSharedUserClientAsync();
        var id = await ProfiledUploads.UploadSampleAsync(client, factory.ConnectionString, "penguins.csv");
        var first = await Uploads.GetJsonAsync(client, $"/api/suggest/pipeline?datasetId={id}");
        var field = await WaitForFieldAsync(id, "pipeline:", ":auto");

        // Plant a different answer in the cached entry: only a read from the cache can return it.
        var planted = JsonNode.Parse(Redis.HashGet(SuggestionCache.KeyFor(id), field).ToString())!;
        planted["steps"] = new JsonArray();
        Redis.HashSet(SuggestionCache.KeyFor(id), field, planted.ToJsonString());
        var second = await Uploads.GetJsonAsync(client, $"/api/suggest/pipeline?datasetId={id}");

        Assert.NotEmpty(first.GetProperty("steps").EnumerateArray());
        Assert.Empty(second.GetProperty("steps").EnumerateArray());
        Assert.Equal("species", second.GetProperty("target").GetString());
        var ttl = Redis.KeyTimeToLive(SuggestionCache.KeyFor(id));
        Assert.InRange(ttl!.Value, TimeSpan.FromMinutes(59), TimeSpan.FromHours(1));
    }

    [Fact]
    public async Task EachKindAndTargetIsCachedUnderItsOwnField()
    {
        var client = await factory.GetSharedUserClientAsync();
        var id = await ProfiledUploads.UploadSampleAsync(client, factory.ConnectionString, "penguins.csv");

        await Uploads.GetJsonAsync(client, $"/api/suggest/pipeline?datasetId={id}");
        await Uploads.GetJsonAsync(client, $"/api/suggest/pipeline?datasetId={id}&target=island");
        await Uploads.GetJsonAsync(client, $"/api/suggest/models?datasetId={id}&target=island");

        await WaitForFieldAsync(id, "pipeline:", ":auto");
        await WaitForFieldAsync(id, "pipeline:", ":target=island");
        var models = await WaitForFieldAsync(id, "models:", ":target=island");
        Assert.Equal("island", JsonDocument.Parse(Redis.HashGet(SuggestionCache.KeyFor(id), models).ToString()).RootElement.GetProperty("target").GetString());
    }

    [Fact]
    public async Task NewProfileIsNeverServedAStaleSuggestion()
    {
        var client = await factory.GetSharedUserClientAsync();
        var bytes = await File.ReadAllBytesAsync(Uploads.Sample("penguins.csv"), Cancel);
        var id = await ProfiledUploads.UploadAsync(client, factory.ConnectionString, bytes);
        var before = await Uploads.GetJsonAsync(client, $"/api/suggest/models?datasetId={id}");
        var oldField = await WaitForFieldAsync(id, "models:", ":auto");

        // A re-profile that finds species to be an identifier (as a newer profiler might): it can no longer be the target.
        var profile = await ProfiledUploads.ProfileAsync(bytes);
        profile = profile with
        {
            Columns = [.. profile.Columns.Select(c => c.Name == "species" ? c with { Type = ColumnType.Identifier } : c)],
        };
        await ProfiledUploads.StoreProfileAsync(factory.ConnectionString, id, await ProfiledUploads.ProfileTaskIdAsync(client, id), profile);
        var after = await Uploads.GetJsonAsync(client, $"/api/suggest/models?datasetId={id}");
        var newField = await WaitForFieldAsync(id, "models:", ":auto", except: oldField);

        Assert.Equal("species", before.GetProperty("target").GetString());
        Assert.NotEqual("species", after.GetProperty("target").GetString());
        Assert.NotNull(after.GetProperty("target").GetString());
        Assert.False(Redis.HashExists(SuggestionCache.KeyFor(id), oldField));
        Assert.True(Redis.HashExists(SuggestionCache.KeyFor(id), newField));
    }

    [Fact]
    public async Task DeletingDatasetRemovesItsCachedSuggestions()
    {
        var client = await factory.GetSharedUserClientAsync();
        var id = await ProfiledUploads.UploadSampleAsync(client, factory.ConnectionString, "iris.csv");
        await Uploads.GetJsonAsync(client, $"/api/suggest/pipeline?datasetId={id}");
        await Uploads.GetJsonAsync(client, $"/api/suggest/models?datasetId={id}");
        await WaitForFieldAsync(id, "models:", ":auto");
        await WaitForFieldAsync(id, "pipeline:", ":auto");

        var response = await client.DeleteAsync($"/api/datasets/{id}", Cancel);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.False(Redis.KeyExists(SuggestionCache.KeyFor(id)));
    }

    /// <summary>The cache write is fire-and-forget: wait (briefly) until Redis has the field.</summary>
    private async Task<string> WaitForFieldAsync(Guid id, string prefix, string suffix, string? except = null)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var field = Redis.HashKeys(SuggestionCache.KeyFor(id)).Select(k => k.ToString())
                .FirstOrDefault(k => k.StartsWith(prefix, StringComparison.Ordinal) && k.EndsWith(suffix, StringComparison.Ordinal) && k != except);
            if (field is not null)
            {
                return field;
            }
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"No cached {prefix}…{suffix} for dataset {id}.");
            await Task.Delay(20, Cancel);
        }
    }
}
