namespace MlWorkflow.Web.Services;

/// <summary>What the dashboard shows, loaded with a few parallel Api calls (the Api has no summary endpoint).</summary>
public sealed record DashboardSummary(
    DatasetPage Datasets,
    IReadOnlyDictionary<string, int> TasksByStatus,
    IReadOnlyList<TaskRecord> RecentTasks)
{
    /// <summary>Datasets and tasks are summed over this many of the newest ones.</summary>
    public const int SampleSize = 100;

    public int TaskTotal => TasksByStatus.Values.Sum();

    public int Active => TasksByStatus.GetValueOrDefault(TaskStatuses.Pending) + TasksByStatus.GetValueOrDefault(TaskStatuses.Running);

    /// <summary>Average of startedAt − createdAt over the recent tasks that have started; null when none has.</summary>
    public TimeSpan? AverageQueueWait =>
        RecentTasks.Select(task => task.QueueWait).OfType<TimeSpan>().ToList() is { Count: > 0 } waits
            ? TimeSpan.FromTicks((long)waits.Average(wait => wait.Ticks))
            : null;

    public int StartedCount => RecentTasks.Count(task => task.StartedAt is not null);

    public static async Task<DashboardSummary> LoadAsync(MlWorkflowApiClient api, CancellationToken cancellationToken)
    {
        var datasets = api.GetDatasetsAsync(1, SampleSize, cancellationToken);
        var recent = api.GetTasksAsync(new(PageSize: SampleSize), cancellationToken);
        var counts = TaskStatuses.All
            .Select(async status => (status, (await api.GetTasksAsync(new(Status: status, PageSize: 1), cancellationToken)).Total))
            .ToList();
        await Task.WhenAll([datasets, recent, .. counts]);
        return new(await datasets, (await Task.WhenAll(counts)).ToDictionary(c => c.status, c => c.Total), (await recent).Items);
    }
}
