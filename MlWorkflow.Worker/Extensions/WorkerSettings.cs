using MlWorkflow.Core.Jobs;

namespace MlWorkflow.Worker.Extensions;

/// <summary>
/// <c>Worker:Count</c> (jobs run at once; default: one per core, at least 2) and <c>Worker:Queues</c>
/// (comma-separated, polled in that order; default: every queue).
/// </summary>
public sealed record WorkerSettings(int Count, IReadOnlyList<string> Queues)
{
    public static WorkerSettings From(IConfiguration configuration)
    {
        var countSetting = configuration["Worker:Count"];
        var count = Math.Max(2, Environment.ProcessorCount);
        if (!string.IsNullOrWhiteSpace(countSetting) && (!int.TryParse(countSetting, out count) || count is < 1 or > 1000))
        {
            throw new InvalidOperationException(
                $"Worker:Count is '{countSetting}'; it must be a whole number from 1 to 1000 (jobs run at once), e.g. Worker__Count=4.");
        }

        // Accept both "profile,train" and the array form (Worker:Queues:0, Worker:Queues:1, ...).
        var queueSetting = configuration.GetSection("Worker:Queues") is { } section && section.GetChildren().Any()
            ? section.GetChildren().Select(child => child.Value ?? "")
            : (configuration["Worker:Queues"] ?? "").Split(',');
        string[] queues = [.. queueSetting.Select(q => q.Trim()).Where(q => q.Length > 0)];
        if (queues.Length == 0)
        {
            return new(count, JobQueues.All);
        }
        if (queues.FirstOrDefault(q => !JobQueues.IsValidName(q)) is { } invalid)
        {
            throw new InvalidOperationException(
                $"Worker:Queues names '{invalid}', which Hangfire rejects: use lowercase letters, digits, '_' and '-' " +
                $"(known queues: {string.Join(", ", JobQueues.All)}), e.g. Worker__Queues=train,default.");
        }
        return new(count, queues);
    }
}
