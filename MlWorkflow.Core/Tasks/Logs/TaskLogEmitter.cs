using Microsoft.Extensions.Logging;
using Npgsql;
using StackExchange.Redis;

namespace MlWorkflow.Core.Tasks.Logs;

/// <summary>
/// The log of one running task. <see cref="Emit"/> only queues the entry (no I/O, never blocks on the database);
/// a background loop writes queued entries in batches with <see cref="TaskLogStore.AppendAsync"/> (which numbers
/// them) in a transaction of its own, then publishes each committed batch on Redis (<see cref="TaskLogChannel"/>).
/// A batch is written at most every <see cref="FlushInterval"/>, or as soon as <see cref="FlushEntries"/> wait.
/// A failed write keeps the entries, in order, and is retried with backoff; Redis being down loses nothing
/// (Postgres has every entry). <see cref="FlushAsync"/> and <see cref="DisposeAsync"/> wait until all is written.
/// </summary>
public sealed partial class TaskLogEmitter : IAsyncDisposable
{
    public const int MaxStepLength = 64;
    public const int FlushEntries = 1_000;
    public static readonly TimeSpan FlushInterval = TimeSpan.FromMilliseconds(20);

    /// <summary>How long <see cref="DisposeAsync"/> keeps retrying a failing database before giving up on the rest.</summary>
    public static readonly TimeSpan DrainTimeout = TimeSpan.FromMinutes(2);

    private const int MaxBatch = 5_000;
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan PublishWarningInterval = TimeSpan.FromSeconds(30);

    private readonly NpgsqlDataSource _dataSource;
    private readonly ISubscriber? _subscriber;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private List<NewTaskLogEntry> _queue = new(256);
    private List<NewTaskLogEntry> _batch = new(256);
    private List<(long Target, TaskCompletionSource Done)> _flushWaiters = [];
    private TaskCompletionSource _wake = NewSignal();
    private long _emitted;
    private long _written;
    private int _progress = -1;
    private int _storedProgress = -1;
    private bool _closed;
    private bool _urgent;
    private bool _gone;
    private bool _publishWarned;
    private long _lastPublishWarning;

    public TaskLogEmitter(Guid taskId, NpgsqlDataSource dataSource, IConnectionMultiplexer? redis, ILogger logger)
    {
        TaskId = taskId;
        _dataSource = dataSource;
        _subscriber = redis?.GetSubscriber();
        _logger = logger;
        _loop = Task.Run(RunAsync);
    }

    public Guid TaskId { get; }

    /// <summary>The highest seq committed so far by this emitter (0 before the first batch).</summary>
    public long LastSeq { get; private set; }

    /// <summary>Entries committed by this emitter.</summary>
    public long Written => Interlocked.Read(ref _written);

    /// <summary>Queues an entry. <paramref name="progress"/> (0–100) only ever rises: a lower value is ignored.</summary>
    /// <exception cref="ObjectDisposedException">The emitter was disposed.</exception>
    public void Emit(string level, string step, string message, int? progress = null)
    {
        ArgumentNullException.ThrowIfNull(level);
        ArgumentNullException.ThrowIfNull(step);
        ArgumentNullException.ThrowIfNull(message);
        if (step.Length > MaxStepLength)
        {
            step = step[..MaxStepLength];
        }
        var entry = new NewTaskLogEntry(DateTimeOffset.UtcNow, level, step, message, progress is { } p ? Math.Clamp(p, 0, 100) : null);
        lock (_gate)
        {
            if (_gone)
            {
                return;
            }
            ObjectDisposedException.ThrowIf(_closed, this);
            if (entry.Progress is { } value)
            {
                if (value < _progress)
                {
                    entry = entry with { Progress = null };
                }
                else
                {
                    _progress = value;
                }
            }
            _queue.Add(entry);
            _emitted++;
            if (_queue.Count == 1 || _queue.Count == FlushEntries)
            {
                _urgent |= _queue.Count >= FlushEntries;
                _wake.TrySetResult();
            }
        }
    }

    /// <summary>Waits until every entry emitted before this call is committed (and published).</summary>
    public Task FlushAsync(CancellationToken cancellationToken = default)
    {
        TaskCompletionSource done;
        lock (_gate)
        {
            if (_written >= _emitted)
            {
                return _loop.IsFaulted ? _loop : Task.CompletedTask;
            }
            done = NewSignal();
            _flushWaiters.Add((_emitted, done));
            _urgent = true;
            _wake.TrySetResult();
        }
        return done.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Writes everything still queued (retrying for up to <see cref="DrainTimeout"/>), then stops the loop.</summary>
    public async ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            if (_closed)
            {
                return;
            }
            _closed = true;
            _urgent = true;
            _wake.TrySetResult();
        }
        _stop.CancelAfter(DrainTimeout);
        await _loop.ConfigureAwait(false);
        _stop.Dispose();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
