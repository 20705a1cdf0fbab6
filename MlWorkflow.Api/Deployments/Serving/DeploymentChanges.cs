using StackExchange.Redis;

namespace MlWorkflow.Api.Deployments.Serving;

/// <summary>
/// Tells every Api replica that a deployment changed (model switched, keys revoked, deleted): this replica at once
/// through <see cref="Changed"/>, the others through Redis pub/sub. A replica that misses the message (Redis down)
/// still drops what it cached within <see cref="ServingStateTtl"/>.
/// </summary>
public sealed partial class DeploymentChanges(IConnectionMultiplexer redis, ILogger<DeploymentChanges> logger)
{
    public static readonly RedisChannel Channel = RedisChannel.Literal("mlworkflow:deployments:changed");

    /// <summary>How long a replica may serve what it cached about a deployment without hearing of a change.</summary>
    public static readonly TimeSpan ServingStateTtl = TimeSpan.FromSeconds(5);

    /// <summary>Raised on this replica for its own changes and for those published by others.</summary>
    public event Action<Guid>? Changed;

    public async Task PublishAsync(Guid deploymentId)
    {
        OnChanged(deploymentId);
        try
        {
            await redis.GetSubscriber().PublishAsync(Channel, deploymentId.ToString("D"));
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            LogPublishFailed(logger, ex, deploymentId, ServingStateTtl.TotalSeconds);
        }
    }

    /// <summary>Raises <see cref="Changed"/>; called for messages from other replicas.</summary>
    public void OnChanged(Guid deploymentId) => Changed?.Invoke(deploymentId);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Could not publish the change of deployment {DeploymentId}; other replicas pick it up within {Seconds} s")]
    private static partial void LogPublishFailed(ILogger logger, Exception exception, Guid deploymentId, double seconds);
}
