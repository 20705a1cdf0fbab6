using MlWorkflow.Core.Jobs;

namespace MlWorkflow.Core.Tasks;

/// <summary>What a task does. Stored and sent as the snake_case names in <see cref="WorkflowTaskKinds"/>.</summary>
public enum WorkflowTaskKind
{
    Profile,
    Preprocess,
    Train,
    BatchPredict,
    DriftCheck,
}

/// <summary>The one table of task kinds: each kind's contract name and the Hangfire queue its jobs go to.</summary>
public static class WorkflowTaskKinds
{
    private sealed record KindInfo(WorkflowTaskKind Kind, string Name, string Queue);

    private static readonly KindInfo[] s_table =
    [
        new(WorkflowTaskKind.Profile, "profile", JobQueues.Profile),
        new(WorkflowTaskKind.Preprocess, "preprocess", JobQueues.Preprocess),
        new(WorkflowTaskKind.Train, "train", JobQueues.Train),
        new(WorkflowTaskKind.BatchPredict, "batch_predict", JobQueues.BatchPredict),
        new(WorkflowTaskKind.DriftCheck, "drift_check", JobQueues.DriftCheck),
    ];

    /// <summary>The contract's name: <c>profile</c>, <c>preprocess</c>, <c>train</c>, <c>batch_predict</c>, <c>drift_check</c>.</summary>
    public static string ToName(this WorkflowTaskKind kind) => Info(kind).Name;

    /// <summary>The Hangfire queue a task of this kind is enqueued on (one per kind).</summary>
    public static string Queue(this WorkflowTaskKind kind) => Info(kind).Queue;

    public static IReadOnlyList<WorkflowTaskKind> All { get; } = [.. s_table.Select(info => info.Kind)];

    /// <summary>The kinds' queues, in the table's order (each queue once).</summary>
    public static IReadOnlyList<string> Queues { get; } = [.. s_table.Select(info => info.Queue).Distinct()];

    public static bool TryParse(string? name, out WorkflowTaskKind kind)
    {
        var info = s_table.FirstOrDefault(info => string.Equals(info.Name, name, StringComparison.OrdinalIgnoreCase));
        kind = info?.Kind ?? default;
        return info is not null;
    }

    private static KindInfo Info(WorkflowTaskKind kind) =>
        s_table.FirstOrDefault(info => info.Kind == kind) ?? throw new ArgumentOutOfRangeException(nameof(kind), kind, null);
}
