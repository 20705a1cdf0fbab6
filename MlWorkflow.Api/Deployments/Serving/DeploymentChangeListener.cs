using StackExchange.Redis;

namespace MlWorkflow.Api.Deployments.Serving;

/// <summary>
/// Hears the deployment changes other replicas publish on <see cref="DeploymentChanges.Channel"/> and raises them here.
/// Redis down at start-up is not fatal: the subscription is retried until it holds (StackExchange.Redis then restores
/// it after reconnects by itself); messages missed meanwhile are covered by <see cref="DeploymentChanges.ServingStateTtl"/>.
/// </summary>
public sealed partial class DeploymentChangeListener(IServiceProvider services, DeploymentChanges changes, ILogger<DeploymentChangeListener> logger)
    : BackgroundService
{
    private static readonly TimeSpan s_firstRetry = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan s_maxRetry = TimeSpan.FromSeconds(15);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Resolved here, not in the constructor: connecting must not hold up the host's start.
        await Task.Yield();
        var redis = services.GetRequiredService<IConnectionMultiplexer>();
        var retry = s_firstRetry;
        while (!stoppingToken.IsCancellationRequested)
        {
            ChannelMessageQueue queue;
            try
            {
                queue = await redis.GetSubscriber().SubscribeAsync(DeploymentChanges.Channel).WaitAsync(stoppingToken);
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                LogSubscribeFailed(e, retry.TotalSeconds);
                await Task.Delay(retry, stoppingToken);
                retry = TimeSpan.FromTicks(Math.Min(retry.Ticks * 2, s_maxRetry.Ticks));
                continue;
            }
            await ReadAsync(queue, stoppingToken);
            return;
        }
    }

    private async Task ReadAsync(ChannelMessageQueue queue, CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var message in queue.WithCancellation(stoppingToken))
            {
                if (Guid.TryParse(message.Message.ToString(), out var deploymentId))
                {
                    changes.OnChanged(deploymentId);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            try
            {
                await queue.UnsubscribeAsync(CommandFlags.FireAndForget);
            }
            catch (RedisException)
            {
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not subscribe to deployment changes; trying again in {Seconds} s (cached serving state expires on its own meanwhile)")]
    private partial void LogSubscribeFailed(Exception exception, double seconds);
}
