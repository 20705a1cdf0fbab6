using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace MlWorkflow.Core.Tasks.Logs;

public sealed partial class TaskLogEmitter
{
    /// <summary>The flush loop: wait for entries, let a batch gather, write it (retrying), publish it, repeat.</summary>
    private async Task RunAsync()
    {
        var lastFlush = Stopwatch.GetTimestamp();
        var backoff = TimeSpan.FromMilliseconds(50);
        while (true)
        {
            Task wake;
            lock (_gate)
            {
                if (_queue.Count == 0 && _batch.Count == 0)
                {
                    CompleteFlushWaiters();
                    if (_closed)
                    {
                        return;
                    }
                    _wake = NewSignal();
                }
                wake = _wake.Task;
            }
            await wake.ConfigureAwait(false);

            if (await GatherAsync(lastFlush).ConfigureAwait(false) is not { } progress)
            {
                continue;
            }
            lastFlush = Stopwatch.GetTimestamp();
            try
            {
                await WriteBatchAsync(progress).ConfigureAwait(false);
                backoff = TimeSpan.FromMilliseconds(50);
            }
            catch (InvalidOperationException e) when (e.Message.Contains("does not exist", StringComparison.Ordinal))
            {
                // The task was deleted (with its dataset): nothing can be written for it any more.
                LogTaskGone(TaskId, _batch.Count);
                DropEverything();
                return;
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                LogGaveUp(TaskId, _batch.Count + _queue.Count, DrainTimeout.TotalSeconds);
                DropEverything();
                return;
            }
            catch (Exception e)
            {
                LogWriteFailed(e, TaskId, _batch.Count, backoff.TotalMilliseconds);
                try
                {
                    await Task.Delay(backoff, _stop.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    LogGaveUp(TaskId, _batch.Count + _queue.Count, DrainTimeout.TotalSeconds);
                    DropEverything();
                    return;
                }
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
            }
        }
    }

    /// <summary>
    /// Waits out the rest of the flush interval (unless a full batch, a flush or disposal is waiting), then moves
    /// queued entries into the batch. Returns the progress to store with it (-1: none), or null when there is nothing.
    /// </summary>
    private async Task<int?> GatherAsync(long lastFlush)
    {
        Task? urgent = null;
        lock (_gate)
        {
            if (!_urgent && _batch.Count == 0)
            {
                _wake = NewSignal();
                urgent = _wake.Task;
            }
        }
        var remaining = FlushInterval - Stopwatch.GetElapsedTime(lastFlush);
        if (urgent is not null && remaining > TimeSpan.Zero)
        {
            await Task.WhenAny(Task.Delay(remaining), urgent).ConfigureAwait(false);
        }
        lock (_gate)
        {
            _wake.TrySetResult();
            if (_batch.Count == 0)
            {
                if (_queue.Count <= MaxBatch)
                {
                    (_batch, _queue) = (_queue, _batch);
                }
                else
                {
                    _batch.AddRange(_queue.GetRange(0, MaxBatch));
                    _queue.RemoveRange(0, MaxBatch);
                }
            }
            _urgent = _queue.Count >= FlushEntries || _flushWaiters.Count > 0 || _closed;
            if (_batch.Count == 0)
            {
                return null;
            }
        }
        var progress = -1;
        foreach (var entry in _batch)
        {
            if (entry.Progress is { } value && value > progress)
            {
                progress = value;
            }
        }
        return progress;
    }

    private async Task WriteBatchAsync(int progress)
    {
        var cancellationToken = _stop.Token;
        IReadOnlyList<TaskLogEntry> stored;
        await using (var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false))
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false))
        {
            stored = await TaskLogStore.AppendAsync(
                connection, transaction, TaskId, _batch, progress > _storedProgress ? progress : null, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        _storedProgress = Math.Max(_storedProgress, progress);
        LastSeq = stored[^1].Seq;
        lock (_gate)
        {
            _written += _batch.Count;
            _batch.Clear();
            CompleteFlushWaiters();
        }
        Publish(stored);
    }

    private void Publish(IReadOnlyList<TaskLogEntry> stored)
    {
        if (_subscriber is null)
        {
            return;
        }
        bool published;
        try
        {
            published = TaskLogChannel.Publish(_subscriber, TaskId, stored);
        }
        catch (Exception e) when (e is ObjectDisposedException or InvalidOperationException)
        {
            published = false;
        }
        if (!published && (!_publishWarned || Stopwatch.GetElapsedTime(_lastPublishWarning) > PublishWarningInterval))
        {
            _publishWarned = true;
            _lastPublishWarning = Stopwatch.GetTimestamp();
            LogPublishFailed(TaskId);
        }
    }

    /// <summary>Completes the flushes whose entries are all written. Call holding <see cref="_gate"/>.</summary>
    private void CompleteFlushWaiters()
    {
        if (_flushWaiters.Count == 0)
        {
            return;
        }
        var waiting = new List<(long Target, TaskCompletionSource Done)>();
        foreach (var waiter in _flushWaiters)
        {
            if (waiter.Target <= _written)
            {
                waiter.Done.TrySetResult();
            }
            else
            {
                waiting.Add(waiter);
            }
        }
        _flushWaiters = waiting;
    }

    private void DropEverything()
    {
        lock (_gate)
        {
            _batch.Clear();
            _queue.Clear();
            _written = _emitted;
            _gone = true;
            _closed = true;
            CompleteFlushWaiters();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Task {TaskId}: writing {Count} log entries failed; they stay queued and are retried in {DelayMs} ms")]
    private partial void LogWriteFailed(Exception exception, Guid taskId, int count, double delayMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Task {TaskId} no longer exists; {Count} log entries were dropped")]
    private partial void LogTaskGone(Guid taskId, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Task {TaskId}: {Count} log entries could not be written within {Seconds} s of closing the log and are lost")]
    private partial void LogGaveUp(Guid taskId, int count, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Task {TaskId}: Redis did not take the log batch; live viewers read the entries from Postgres (warned at most every 30 s)")]
    private partial void LogPublishFailed(Guid taskId);
}
