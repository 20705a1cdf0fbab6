namespace MlWorkflow.Web.Services;

/// <summary>
/// The console's state. The log reader adds entries from its own thread at any rate; the component takes them
/// in batches (<see cref="Flush"/>, at most every 100 ms), so a burst of thousands of lines costs one render.
/// Memory is bounded: the newest <see cref="MaxKept"/> lines are kept, and the newest <see cref="VisibleCount"/>
/// of those are rendered (the whole log is always one "download as text" away).
/// </summary>
public sealed class ConsoleBuffer : ILiveLogObserver
{
    public const int MaxKept = 10_000;
    public const int PageSize = 1_000;

    private readonly Lock _gate = new();
    private readonly List<LogEntry> _pending = [];
    private readonly List<LogEntry> _lines = [];
    private TaskRecord? _pendingStatus;
    private (bool Connected, string? Problem)? _pendingConnection;

    public IReadOnlyList<LogEntry> Lines => _lines;

    /// <summary>Lines received but no longer kept in memory (the oldest).</summary>
    public long Dropped { get; private set; }

    public int VisibleCount { get; private set; } = PageSize;

    /// <summary>Kept lines above the rendered window.</summary>
    public int HiddenAbove => Math.Max(0, _lines.Count - VisibleCount);

    public IEnumerable<LogEntry> Visible => _lines.Skip(HiddenAbove);

    public long Received => Dropped + _lines.Count;

    public int? Progress { get; private set; }

    public string? Step { get; private set; }

    public bool Connected { get; private set; }

    public string? Problem { get; private set; }

    public void OnEntry(LogEntry entry)
    {
        lock (_gate)
        {
            _pending.Add(entry);
        }
    }

    public void OnStatus(TaskRecord task)
    {
        lock (_gate)
        {
            _pendingStatus = task;
        }
    }

    public void OnConnectionChanged(bool connected, string? problem)
    {
        lock (_gate)
        {
            _pendingConnection = (connected, problem);
        }
    }

    public void ShowEarlier() => VisibleCount += PageSize;

    /// <summary>Moves what arrived since the last call into view. Returns whether anything changed, and the newest status.</summary>
    public (bool Changed, TaskRecord? Status) Flush()
    {
        LogEntry[] arrived;
        TaskRecord? status;
        (bool Connected, string? Problem)? connection;
        lock (_gate)
        {
            arrived = [.. _pending];
            _pending.Clear();
            (status, _pendingStatus) = (_pendingStatus, null);
            (connection, _pendingConnection) = (_pendingConnection, null);
        }
        foreach (var entry in arrived)
        {
            Progress = entry.Progress ?? Progress;
            if (entry.Step != "status")
            {
                Step = entry.Step;
            }
        }
        _lines.AddRange(arrived);
        if (_lines.Count > MaxKept)
        {
            // Trim in whole pages: fewer, larger removals.
            var excess = _lines.Count - MaxKept + PageSize;
            _lines.RemoveRange(0, excess);
            Dropped += excess;
            VisibleCount = Math.Max(PageSize, Math.Min(VisibleCount, _lines.Count));
        }
        if (status is not null)
        {
            Progress = status.Progress;
        }
        if (connection is { } state)
        {
            (Connected, Problem) = state;
        }
        return (arrived.Length > 0 || status is not null || connection is not null, status);
    }
}
