using Microsoft.Extensions.Configuration;

namespace MlWorkflow.Core.Jobs;

/// <summary>
/// How a worker process runs jobs:
/// <list type="bullet">
/// <item><c>Worker:Count</c>: jobs run at once by the process, trainings included (default: one per core, at least 2).</item>
/// <item><c>Worker:Queues</c>: comma-separated, polled in that order (default: every queue, <see cref="JobQueues.All"/>).</item>
/// <item><c>Worker:TrainCount</c>: how many of the <c>Worker:Count</c> workers take trainings (default 1). A training runs
/// for its whole time budget (minutes to hours), so when the worker serves <c>train</c> and other queues, its workers are
/// split in two pools: <c>Worker:TrainCount</c> on <c>train</c> only and the other <c>Worker:Count − Worker:TrainCount</c>
/// on every other queue, so a profile never waits for a training to end. It must then be from 1 to
/// <c>Worker:Count − 1</c>. A worker that serves only <c>train</c> runs <c>Worker:Count</c> trainings and does not use it
/// (but 0 is refused: it would say the worker takes no trainings); a worker that does not serve <c>train</c> does not use it.</item>
/// </list>
/// </summary>
public sealed record WorkerSettings(int Count, IReadOnlyList<string> Queues, int TrainCount)
{
    public const string CountSetting = "Worker:Count";

    public const string QueuesSetting = "Worker:Queues";

    public const string TrainCountSetting = "Worker:TrainCount";

    /// <summary>
    /// The Hangfire servers the process runs, each with its own workers and queues: one, or two (trainings apart) when
    /// the worker serves <c>train</c> and other queues.
    /// </summary>
    public IReadOnlyList<WorkerPool> Pools
    {
        get
        {
            string[] others = [.. Queues.Where(q => q != JobQueues.Train)];
            if (others.Length == Queues.Count)
            {
                return [new(WorkerPool.OtherName, Count, others)];
            }
            if (others.Length == 0)
            {
                return [new(WorkerPool.TrainName, Count, [JobQueues.Train])];
            }
            return [new(WorkerPool.TrainName, TrainCount, [JobQueues.Train]), new(WorkerPool.OtherName, Count - TrainCount, others)];
        }
    }

    public static WorkerSettings From(IConfiguration configuration)
    {
        var countSetting = configuration[CountSetting];
        var count = Math.Max(2, Environment.ProcessorCount);
        if (!string.IsNullOrWhiteSpace(countSetting) && (!int.TryParse(countSetting, out count) || count is < 1 or > 1000))
        {
            throw new InvalidOperationException(
                $"{CountSetting} is '{countSetting}'; it must be a whole number from 1 to 1000 (jobs run at once), e.g. Worker__Count=4.");
        }

        // Accept both "profile,train" and the array form (Worker:Queues:0, Worker:Queues:1, ...).
        var queueSetting = configuration.GetSection(QueuesSetting) is { } section && section.GetChildren().Any()
            ? section.GetChildren().Select(child => child.Value ?? "")
            : (configuration[QueuesSetting] ?? "").Split(',');
        IReadOnlyList<string> queues = [.. queueSetting.Select(q => q.Trim()).Where(q => q.Length > 0).Distinct()];
        if (queues.Count == 0)
        {
            queues = JobQueues.All;
        }
        if (queues.FirstOrDefault(q => !JobQueues.IsValidName(q)) is { } invalid)
        {
            throw new InvalidOperationException(
                $"{QueuesSetting} names '{invalid}', which Hangfire rejects: use lowercase letters, digits, '_' and '-' " +
                $"(known queues: {string.Join(", ", JobQueues.All)}), e.g. Worker__Queues=train,default.");
        }

        return new(count, queues, ReadTrainCount(configuration, count, queues));
    }

    private static int ReadTrainCount(IConfiguration configuration, int count, IReadOnlyList<string> queues)
    {
        var setting = configuration[TrainCountSetting];
        var trainCount = 1;
        if (!string.IsNullOrWhiteSpace(setting) && (!int.TryParse(setting, out trainCount) || trainCount is < 0 or > 1000))
        {
            throw new InvalidOperationException(
                $"{TrainCountSetting} is '{setting}'; it must be a whole number from 0 to 1000 (how many of {CountSetting}'s " +
                $"workers take trainings), e.g. Worker__TrainCount=1.");
        }
        if (!queues.Contains(JobQueues.Train))
        {
            return trainCount;
        }
        var given = string.IsNullOrWhiteSpace(setting) ? $"{trainCount} (the default)" : $"{trainCount}";
        if (trainCount == 0)
        {
            throw new InvalidOperationException(
                $"{TrainCountSetting} is 0 but {QueuesSetting} includes '{JobQueues.Train}': a worker that serves trainings " +
                $"needs at least one worker for them. Set Worker__TrainCount=1 or more, or leave '{JobQueues.Train}' out of " +
                $"Worker__Queues (e.g. Worker__Queues={string.Join(',', queues.Where(q => q != JobQueues.Train).DefaultIfEmpty(JobQueues.Profile))}).");
        }
        if (queues.Count > 1 && trainCount >= count)
        {
            throw new InvalidOperationException(
                $"{TrainCountSetting} is {given} and {CountSetting} is {count}: trainings take their workers out of " +
                $"{CountSetting}, and at least one must be left for the other queues ({string.Join(", ", queues.Where(q => q != JobQueues.Train))}) " +
                $"so that a profile never waits for a training to end. Make {CountSetting} larger than {TrainCountSetting} " +
                $"(e.g. Worker__Count={trainCount + 1}), or run trainings in a worker of their own (Worker__Queues={JobQueues.Train}).");
        }
        return trainCount;
    }
}

/// <summary>One Hangfire server of a worker process: <paramref name="Count"/> workers polling <paramref name="Queues"/>.</summary>
/// <param name="Name">Told apart in the server's name (the dashboard lists the process's servers by it).</param>
/// <param name="Count">Jobs it runs at once.</param>
/// <param name="Queues">Polled in this order.</param>
public sealed record WorkerPool(string Name, int Count, IReadOnlyList<string> Queues)
{
    public const string TrainName = "train";

    public const string OtherName = "jobs";
}
