using MlWorkflow.Core.Jobs;

namespace MlWorkflow.Core.Tasks;

/// <summary>What a task does. Stored and sent as the snake_case names of <see cref="WorkflowTaskKinds"/>.</summary>
public enum WorkflowTaskKind
{
    Profile,
    Preprocess,
    Train,
    BatchPredict,
    DriftCheck,
}

public static class WorkflowTaskKinds
{
    /// <summary>The contract's name: <c>profile</c>, <c>preprocess</c>, <c>train</c>, <c>batch_predict</c>, <c>drift_check</c>.</summary>
    public static string ToName(this WorkflowTaskKind kind) => kind switch
    {
        WorkflowTaskKind.Profile => "profile",
        WorkflowTaskKind.Preprocess => "preprocess",
        WorkflowTaskKind.Train => "train",
        WorkflowTaskKind.BatchPredict => "batch_predict",
        WorkflowTaskKind.DriftCheck => "drift_check",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>The Hangfire queue a task of this kind is enqueued on (one per kind).</summary>
    public static string Queue(this WorkflowTaskKind kind) => kind switch
    {
        WorkflowTaskKind.Profile => JobQueues.Profile,
        WorkflowTaskKind.Preprocess => JobQueues.Preprocess,
        WorkflowTaskKind.Train => JobQueues.Train,
        WorkflowTaskKind.BatchPredict => JobQueues.BatchPredict,
        WorkflowTaskKind.DriftCheck => JobQueues.DriftCheck,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public static IReadOnlyList<WorkflowTaskKind> All { get; } = Enum.GetValues<WorkflowTaskKind>();

    public static bool TryParse(string? name, out WorkflowTaskKind kind)
    {
        foreach (var candidate in All)
        {
            if (string.Equals(candidate.ToName(), name, StringComparison.OrdinalIgnoreCase))
            {
                kind = candidate;
                return true;
            }
        }
        kind = default;
        return false;
    }
}
