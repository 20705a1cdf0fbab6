using System.Threading.Channels;
using Microsoft.Extensions.Options;
using MlWorkflow.Engine.Training;

namespace MlWorkflow.Api.Deployments.Serving;

/// <summary>One predict request's rows and predictions, waiting for the prediction log.</summary>
public sealed record LoggedRequest(
    Guid DeploymentId, Guid ModelId, DateTimeOffset At, InputRowSchema Schema, IReadOnlyList<string?[]> Rows, IReadOnlyList<ModelPrediction> Predictions);

/// <summary>
/// The queue between predict requests and <see cref="PredictionLogWriter"/>. It is bounded in rows, not requests (a
/// request carries 1 to 10,000): <see cref="TryEnqueue"/> never waits, and a request whose rows do not fit in
/// <see cref="ServingOptions.LogQueueRows"/> is not logged; the caller counts its rows as unlogged.
/// </summary>
public sealed class PredictionLog(IOptions<ServingOptions> options)
{
    private readonly Channel<LoggedRequest> _queue = Channel.CreateUnbounded<LoggedRequest>(
        new UnboundedChannelOptions { SingleReader = true, AllowSynchronousContinuations = false });
    private long _queuedRows;

    /// <summary>Rows queued and not yet written.</summary>
    public long QueuedRows => Interlocked.Read(ref _queuedRows);

    public ChannelReader<LoggedRequest> Reader => _queue.Reader;

    /// <returns>False when the queue is full (or closing): nothing was queued.</returns>
    public bool TryEnqueue(LoggedRequest request)
    {
        var rows = request.Rows.Count;
        if (Interlocked.Add(ref _queuedRows, rows) > options.Value.LogQueueRows || !_queue.Writer.TryWrite(request))
        {
            Interlocked.Add(ref _queuedRows, -rows);
            return false;
        }
        return true;
    }

    /// <summary>Called by the writer for rows it has written or given up on.</summary>
    public void Release(int rows) => Interlocked.Add(ref _queuedRows, -rows);

    /// <summary>No more requests are queued (shutdown); the writer drains what is left.</summary>
    public void Close() => _queue.Writer.TryComplete();
}
