using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace MlWorkflow.AppHost.Infrastructure;

/// <summary>Healthy when the redis on <c>port</c> accepts our password and runs from our config file (not another redis on that port).</summary>
internal sealed class LocalRedisHealthCheck(int port, string password, string configFile) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var redis = await ConnectionMultiplexer.ConnectAsync(
                $"127.0.0.1:{port},password={password},abortConnect=true,connectTimeout=2000,connectRetry=0,allowAdmin=true");
            var info = (string?)await redis.GetDatabase().ExecuteAsync("INFO", "server") ?? "";
            var line = info.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("config_file:", StringComparison.Ordinal));
            var file = line?["config_file:".Length..];
            return string.Equals(file, configFile, StringComparison.Ordinal)
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy($"Port {port} is served by another redis (config file '{file}').");
        }
        catch (Exception e) when (e is RedisException or RedisCommandException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy($"redis on port {port} does not answer yet: {e.Message}");
        }
    }
}
