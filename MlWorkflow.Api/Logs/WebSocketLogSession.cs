using System.Threading.Channels;
using MlWorkflow.Core.Tasks.Logs;

namespace MlWorkflow.Api.Logs;

public sealed partial class WebSocketLogBroker
{
    /// <summary>The state of one viewer: the last seq sent, and the task's final seq once it has ended.</summary>
    private sealed class Session(WebSocketLogBroker broker, LogFrameWriter frames, Guid taskId, long after, CancellationToken cancellationToken)
    {
        private long? _endSeq;
        private bool _finalStatusSent;
        private Task<bool>? _waiting;

        public long Last { get; private set; } = after;

        /// <returns>True once the task has ended and everything, final status included, is sent.</returns>
        public async Task<bool> RunAsync(LiveLogSubscription live)
        {
            // The first frame is always the task as it is now.
            await SendStatusAsync();
            await CatchUpAsync();
            while (!(_endSeq is { } end && Last >= end))
            {
                if (await WaitForLiveAsync(live.Batches))
                {
                    while (live.Batches.TryRead(out var batch))
                    {
                        await SendLiveAsync(batch);
                    }
                }
                else
                {
                    await PollAsync();
                }
            }
            if (!_finalStatusSent)
            {
                await SendStatusAsync();
            }
            return true;
        }

        /// <summary>Sends every stored entry after <see cref="Last"/>.</summary>
        private async Task CatchUpAsync()
        {
            IReadOnlyList<TaskLogEntry> page;
            do
            {
                page = await broker.ReadAsync(taskId, Last, cancellationToken);
                foreach (var entry in page)
                {
                    await SendEntryAsync(entry);
                }
            }
            while (page.Count == PageSize);
        }

        private async Task SendLiveAsync(IReadOnlyList<TaskLogEntry> batch)
        {
            foreach (var entry in batch)
            {
                if (entry.Seq == Last + 1)
                {
                    await SendEntryAsync(entry);
                }
                else if (entry.Seq > Last + 1)
                {
                    // A message was missed (or arrived before the replay caught up): Postgres has the gap.
                    await CatchUpAsync();
                    if (entry.Seq == Last + 1)
                    {
                        await SendEntryAsync(entry);
                    }
                }
            }
        }

        /// <summary>No live message for a while: Redis may be down or quiet; ask Postgres.</summary>
        private async Task PollAsync()
        {
            var peek = await broker.PeekAsync(taskId, cancellationToken) ?? throw new TaskDeletedException();
            if (peek.LastLogSeq > Last)
            {
                await CatchUpAsync();
            }
            if (peek.Finished)
            {
                _endSeq = Math.Max(_endSeq ?? 0, peek.LastLogSeq);
            }
        }

        private async Task SendEntryAsync(TaskLogEntry entry)
        {
            await frames.SendLogAsync(entry, cancellationToken);
            Last = entry.Seq;
            _finalStatusSent = false;
            if (entry.Step == TaskLogSteps.Status)
            {
                await SendStatusAsync();
            }
        }

        private async Task SendStatusAsync()
        {
            var named = await broker.LoadTaskAsync(taskId, cancellationToken) ?? throw new TaskDeletedException();
            var task = named.Task;
            await frames.SendStatusAsync(named.ToResponse(), cancellationToken);
            if (task.IsFinished)
            {
                _endSeq = task.LastLogSeq;
                _finalStatusSent = Last >= task.LastLogSeq;
            }
        }

        /// <returns>True when live batches are ready; false after a quiet second (or with no subscription).</returns>
        private async Task<bool> WaitForLiveAsync(ChannelReader<IReadOnlyList<TaskLogEntry>> batches)
        {
            if (batches.Completion.IsCompleted)
            {
                await Task.Delay(s_idlePoll, cancellationToken);
                return false;
            }
            _waiting ??= batches.WaitToReadAsync(cancellationToken).AsTask();
            using var quiet = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var delay = Task.Delay(s_idlePoll, quiet.Token);
            if (await Task.WhenAny(_waiting, delay) == delay)
            {
                cancellationToken.ThrowIfCancellationRequested();
                return false;
            }
            await quiet.CancelAsync();
            var ready = await _waiting;
            _waiting = null;
            return ready;
        }
    }
}
