using System.Net.WebSockets;
using Microsoft.EntityFrameworkCore;
using MlWorkflow.Api.Tasks;
using MlWorkflow.Core.Data;
using MlWorkflow.Core.Tasks;
using MlWorkflow.Core.Tasks.Logs;
using Npgsql;
using StackExchange.Redis;

namespace MlWorkflow.Api.Logs;

/// <summary>
/// Streams one task's log to one WebSocket with no gap and no duplicate: subscribe to Redis first, replay from
/// Postgres after <c>after</c>, then send live entries, dropping those already sent. A live entry past the next
/// expected seq means a message was missed: the gap is read from Postgres first. With no live message for a second
/// the broker reads Postgres anyway, so with Redis down the viewer still gets every entry. Once the task has ended
/// and every entry up to <c>tasks.last_log_seq</c> is sent: a final status frame, then a normal close.
/// </summary>
public sealed partial class WebSocketLogBroker(
    MlWorkflowDbContext db, NpgsqlDataSource dataSource, IConnectionMultiplexer redis, ILogger<WebSocketLogBroker> logger)
{
    private const int PageSize = 2_000;
    private static readonly TimeSpan s_idlePoll = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan s_closeTimeout = TimeSpan.FromSeconds(5);

    public async Task StreamAsync(WebSocket socket, Guid taskId, long after, CancellationToken requestAborted)
    {
        using var closed = CancellationTokenSource.CreateLinkedTokenSource(requestAborted);
        // RequestAborted does not fire when the client closes a WebSocket: the receive loop notices instead.
        var receiving = ReceiveUntilClosedAsync(socket, closed);
        await using var live = await LiveLogSubscription.StartAsync(redis, taskId, logger, closed.Token);
        using var frames = new LogFrameWriter(socket);
        var session = new Session(this, frames, taskId, after, closed.Token);
        try
        {
            if (await session.RunAsync(live))
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "task finished", closed.Token);
                await receiving.WaitAsync(s_closeTimeout, closed.Token);
            }
        }
        catch (OperationCanceledException) when (closed.IsCancellationRequested)
        {
            // The client closed or went away.
        }
        catch (Exception e) when (e is WebSocketException or TimeoutException)
        {
            // The connection broke, or the client did not answer our close.
        }
        catch (TaskDeletedException)
        {
            await CloseQuietlyAsync(socket, WebSocketCloseStatus.EndpointUnavailable, "task deleted");
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
        {
            // The log store failed (e.g. Postgres restarting): the viewer reconnects with after=<last seq it has>.
            LogSessionFailed(e, taskId, session.Last);
            await CloseQuietlyAsync(socket, WebSocketCloseStatus.InternalServerError, "log store unavailable; reconnect with after=");
        }
        finally
        {
            if (socket.State == WebSocketState.CloseReceived)
            {
                await CloseQuietlyAsync(socket, WebSocketCloseStatus.NormalClosure, "bye");
            }
            await closed.CancelAsync();
            await receiving;
        }
        LogSessionEnded(taskId, after, session.Last);
    }

    private static async Task ReceiveUntilClosedAsync(WebSocket socket, CancellationTokenSource closed)
    {
        var buffer = new byte[1024];
        try
        {
            while ((await socket.ReceiveAsync(buffer.AsMemory(), closed.Token)).MessageType != WebSocketMessageType.Close)
            {
                // Viewers have nothing to say; anything they send is ignored.
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
        }
        finally
        {
            await closed.CancelAsync();
        }
    }

    private static async Task CloseQuietlyAsync(WebSocket socket, WebSocketCloseStatus status, string reason)
    {
        if (socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived))
        {
            return;
        }
        try
        {
            await socket.CloseOutputAsync(status, reason, CancellationToken.None);
        }
        catch (WebSocketException)
        {
        }
    }

    private Task<IReadOnlyList<TaskLogEntry>> ReadAsync(Guid taskId, long after, CancellationToken cancellationToken) =>
        TaskLogStore.ReadAsync(dataSource, taskId, after, PageSize, cancellationToken);

    private Task<NamedTask?> LoadTaskAsync(Guid taskId, CancellationToken cancellationToken) =>
        TaskQueries.WithDatasetNames(db, db.Tasks.AsNoTracking().Where(t => t.Id == taskId)).SingleOrDefaultAsync(cancellationToken);

    /// <summary>The cheap check made every idle second: how far the log goes and whether the task has ended.</summary>
    private async Task<(long LastLogSeq, bool Finished)?> PeekAsync(Guid taskId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT last_log_seq, status FROM tasks WHERE id = @id");
        command.Parameters.AddWithValue("id", taskId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }
        return (reader.GetInt64(0), WorkflowTaskStatuses.TryParse(reader.GetString(1), out var status) && status.IsFinished());
    }

    private sealed class TaskDeletedException() : Exception("The task was deleted while its log was being watched.");

    [LoggerMessage(LogLevel.Error, "Log viewer of task {TaskId} failed at seq {Last}")]
    private partial void LogSessionFailed(Exception exception, Guid taskId, long last);

    [LoggerMessage(LogLevel.Debug, "Log viewer of task {TaskId} (after {After}) ended at seq {Last}")]
    private partial void LogSessionEnded(Guid taskId, long after, long last);
}
