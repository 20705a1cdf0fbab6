using MlWorkflow.Core.Tasks;

namespace MlWorkflow.Core.Jobs;

/// <summary>
/// Hangfire queue names: one per task kind, so worker pools can be sized per kind. Hangfire accepts
/// lowercase letters, digits, '_' and '-' only.
/// </summary>
public static class JobQueues
{
    public const string Profile = "profile";
    public const string Preprocess = "preprocess";
    public const string Train = "train";
    public const string BatchPredict = "batch_predict";
    public const string DriftCheck = "drift_check";
    public const string Default = "default";

    /// <summary>
    /// Every queue, in the order a worker that serves them all polls them: the task kinds' queues from their table (so a
    /// new kind's queue is served without being listed twice), then <see cref="Default"/>.
    /// </summary>
    public static IReadOnlyList<string> All { get; } = [.. WorkflowTaskKinds.Queues, Default];

    /// <summary>True when Hangfire accepts <paramref name="name"/> as a queue name.</summary>
    public static bool IsValidName(string name) =>
        name.Length > 0 && name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_' or '-');
}
