namespace MlWorkflow.Core.Datasets;

/// <summary>
/// uploaded → profiling → ready | failed for an upload; processing → profiling → ready | failed for a dataset a job
/// writes (a pipeline's output). Stored and sent lower-case, as task statuses are.
/// </summary>
public enum DatasetStatus
{
    Uploaded,
    Processing,
    Profiling,
    Ready,
    Failed,
}

public static class DatasetStatuses
{
    public static string ToName(this DatasetStatus status) => status switch
    {
        DatasetStatus.Uploaded => "uploaded",
        DatasetStatus.Processing => "processing",
        DatasetStatus.Profiling => "profiling",
        DatasetStatus.Ready => "ready",
        DatasetStatus.Failed => "failed",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    public static IReadOnlyList<DatasetStatus> All { get; } = Enum.GetValues<DatasetStatus>();

    public static bool TryParse(string? name, out DatasetStatus status)
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
