using Microsoft.Extensions.Options;
using MlWorkflow.Engine.Suggestions;
using StackExchange.Redis;

namespace MlWorkflow.Api.Suggestions;

/// <summary>
/// Suggestions in Redis, one hash per dataset (<c>mlworkflow:suggest:{datasetId:N}</c>) so deleting a dataset is one DEL.
/// A field is <c>{kind}:{version}:auto</c> or <c>{kind}:{version}:target={column}</c>, where the version joins the
/// profile's hash and the Engine build: a new profile or a new suggester never reads an old entry. The hash remembers
/// its profile version in <c>_version</c> and is emptied when a newer one writes. Redis is only a cache: when it is
/// down or slow, reads miss and writes are dropped, with a warning.
/// </summary>
public sealed partial class SuggestionCache(IConnectionMultiplexer redis, IOptions<SuggestionCacheOptions> options, ILogger<SuggestionCache> logger)
{
    public const string KeyPrefix = "mlworkflow:suggest:";
    public const string VersionField = "_version";

    /// <summary>Changes whenever the Engine assembly changes (deterministic builds derive the MVID from the content).</summary>
    public static readonly string EngineBuild = typeof(PipelineSuggester).Assembly.ManifestModule.ModuleVersionId.ToString("N")[..12];

    // Empties the hash when the profile version changed, stores the field, and renews the TTL.
    private const string StoreScript = """
        if redis.call('HGET', KEYS[1], ARGV[1]) ~= ARGV[2] then
          redis.call('DEL', KEYS[1])
          redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
        end
        redis.call('HSET', KEYS[1], ARGV[3], ARGV[4])
        redis.call('PEXPIRE', KEYS[1], ARGV[5])
        return 1
        """;

    private readonly SuggestionCacheOptions _options = options.Value;

    public static RedisKey KeyFor(Guid datasetId) => $"{KeyPrefix}{datasetId:N}";

    public static string VersionOf(string profileVersion) => $"{profileVersion}.{EngineBuild}";

    public static string FieldFor(string kind, string profileVersion, string? target) =>
        $"{kind}:{VersionOf(profileVersion)}:{(target is null ? "auto" : "target=" + target)}";

    public async Task<string?> GetAsync(Guid datasetId, string field)
    {
        if (!redis.IsConnected)
        {
            LogUnavailable(logger, "read", datasetId, "not connected");
            return null;
        }
        try
        {
            var value = await redis.GetDatabase().HashGetAsync(KeyFor(datasetId), field).WaitAsync(_options.Timeout);
            return value.HasValue ? value.ToString() : null;
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            LogUnavailable(logger, "read", datasetId, e.Message);
            return null;
        }
    }

    /// <summary>Stores without waiting for Redis (fire and forget): the response never waits on the cache.</summary>
    public void Set(Guid datasetId, string profileVersion, string field, string value)
    {
        if (!redis.IsConnected)
        {
            LogUnavailable(logger, "write", datasetId, "not connected");
            return;
        }
        try
        {
            redis.GetDatabase().ScriptEvaluate(StoreScript, [KeyFor(datasetId)],
                [VersionField, VersionOf(profileVersion), field, value, (long)_options.Ttl.TotalMilliseconds], CommandFlags.FireAndForget);
        }
        catch (RedisException e)
        {
            LogUnavailable(logger, "write", datasetId, e.Message);
        }
    }

    /// <summary>Removes every cached suggestion of a dataset; if Redis is down they expire with their TTL (ids are never reused).</summary>
    public async Task RemoveAsync(Guid datasetId)
    {
        try
        {
            await redis.GetDatabase().KeyDeleteAsync(KeyFor(datasetId)).WaitAsync(_options.Timeout);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            LogUnavailable(logger, "delete", datasetId, e.Message);
        }
    }

    [LoggerMessage(LogLevel.Warning, "Suggestion cache {Operation} for dataset {DatasetId} skipped, Redis unavailable: {Reason}")]
    private static partial void LogUnavailable(ILogger logger, string operation, Guid datasetId, string reason);
}
