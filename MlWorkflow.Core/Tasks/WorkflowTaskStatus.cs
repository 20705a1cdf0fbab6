namespace MlWorkflow.Core.Tasks;

/// <summary>pending → running → completed | failed | cancelled. Stored and sent lower-case.</summary>
public enum WorkflowTaskStatus
{
    Pending,
    Running,
    Completed,
    Failed,
    Cancelled,
}

public static class WorkflowTaskStatuses
{
    public static string ToName(this WorkflowTaskStatus status) => status switch
    {
        WorkflowTaskStatus.Pending => "pending",
        WorkflowTaskStatus.Running => "running",
        WorkflowTaskStatus.Completed => "completed",
        WorkflowTaskStatus.Failed => "failed",
        WorkflowTaskStatus.Cancelled => "cancelled",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    /// <summary>Completed, failed and cancelled are final: nothing changes the task afterwards except a retry.</summary>
    public static bool IsFinished(this WorkflowTaskStatus status) =>
        status is WorkflowTaskStatus.Completed or WorkflowTaskStatus.Failed or WorkflowTaskStatus.Cancelled;

    public static IReadOnlyList<WorkflowTaskStatus> All { get; } = Enum.GetValues<WorkflowTaskStatus>();

    public static bool TryParse(string? name, out WorkflowTaskStatus status)
    {
        foreach (var candidate in All)
        {
            if (string.Equals(candidate.ToName(), name, StringComparison.OrdinalIgnoreCase))
            {
                status = candidate;
                return true;
            }
        }
        status = default;
        return false;
    }
}
