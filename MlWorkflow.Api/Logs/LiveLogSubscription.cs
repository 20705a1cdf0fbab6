using System.Text.Json;
using System.Threading.Channels;
using MlWorkflow.Core.Tasks.Logs;
using StackExchange.Redis;

namespace MlWorkflow.Api.Logs;

/// <summary>
/// A task's Redis log channel, read in order (the <see cref="ChannelMessageQueue"/> form: the handler form runs
/// handlers concurrently and reorders messages) into <see cref="Batches"/>. Redis is only a fast hint: when it is
/// down the subscription is simply absent and the broker reads Postgres instead.
/// </summary>
public sealed partial class LiveLogSubscription : IAsyncDisposable
{
    private static readonly TimeSpan s_subscribeTimeout = TimeSpan.FromSeconds(1);

    // A viewer too slow for the live stream loses batches here, never entries: the next batch it does get shows
    // the gap, which the broker fills from Postgres.
    private readonly Channel<IReadOnlyList<TaskLogEntry>> _batches = Channel.CreateBounded<IReadOnlyList<TaskLogEntry>>(
        new BoundedChannelOptions(1_024) { SingleReader = true, SingleWriter = true, FullMode = BoundedChannelFullMode.DropWrite });
    private readonly ChannelMessageQueue? _queue;
    private readonly Task _pump = Task.CompletedTask;

    private LiveLogSubscription(ChannelMessageQueue? queue, ILogger logger)
    {
        _queue = queue;
        if (queue is null)
        {
            _batches.Writer.TryComplete();
        }
        else
        {
            _pump = PumpAsync(queue, logger);
        }
    }

    /// <summary>Published batches in order; completed at once when there is no subscription.</summary>
    public ChannelReader<IReadOnlyList<TaskLogEntry>> Batches => _batches.Reader;

    public bool IsLive => _queue is not null;

    public static async Task<LiveLogSubscription> StartAsync(
        IConnectionMultiplexer redis, Guid taskId, ILogger logger, CancellationToken cancellationToken)
    {
        var subscribing = redis.GetSubscriber().SubscribeAsync(TaskLogChannel.For(taskId));
        try
        {
            return new LiveLogSubscription(await subscribing.WaitAsync(s_subscribeTimeout, cancellationToken), logger);
        }
        catch (Exception e) when (e is RedisException or TimeoutException or OperationCanceledException)
        {
            // Should the subscription still come through later, drop it: this viewer reads Postgres.
            _ = subscribing.ContinueWith(t => t.Result.Unsubscribe(CommandFlags.FireAndForget),
                CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
            LogNoSubscription(logger, e, taskId);
            return new LiveLogSubscription(null, logger);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_queue is not null)
        {
            try
            {
                await _queue.UnsubscribeAsync(CommandFlags.FireAndForget);
            }
            catch (RedisException)
            {
            }
        }
        _batches.Writer.TryComplete();
        await _pump;
    }

    private async Task PumpAsync(ChannelMessageQueue queue, ILogger logger)
    {
        try
        {
            await foreach (var message in queue)
            {
                try
                {
                    _batches.Writer.TryWrite(TaskLogChannel.Deserialize(((ReadOnlyMemory<byte>)message.Message).Span));
                }
                catch (JsonException e)
                {
                    LogMalformed(logger, e, queue.Channel.ToString());
                }
            }
        }
        catch (Exception e) when (e is RedisException or ChannelClosedException or OperationCanceledException)
        {
        }
        finally
        {
            _batches.Writer.TryComplete();
        }
    }

    [LoggerMessage(LogLevel.Warning, "Task {TaskId}: no Redis subscription for live logs; the viewer polls Postgres instead")]
    private static partial void LogNoSubscription(ILogger logger, Exception exception, Guid taskId);

    [LoggerMessage(LogLevel.Warning, "A malformed message on {Channel} was skipped")]
    private static partial void LogMalformed(ILogger logger, Exception exception, string channel);
}
