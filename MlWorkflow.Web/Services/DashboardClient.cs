namespace MlWorkflow.Web.Services;

/// <summary>What the dashboard shows, loaded with a few parallel Api calls (the Api has no summary endpoint).</summary>
public sealed class DashboardClient(DatasetsClient datasets, TasksClient tasks)
{
    /// <summary>Datasets and tasks are summed over this many of the newest ones.</summary>
    public const int SampleSize = 100;

    public async Task<DashboardSummary> GetSummaryAsync(CancellationToken cancellationToken)
    {
        var newest = new PageRequest(PageSize: SampleSize);
        var datasetPage = datasets.GetDatasetsAsync(newest, cancellationToken);
        var recent = tasks.GetTasksAsync(new(), newest, cancellationToken);
        var counts = TaskStatuses.All
            .Select(async status => (status, (await tasks.GetTasksAsync(new(Status: status), new(PageSize: 1), cancellationToken)).Total))
            .ToList();
        await Task.WhenAll([datasetPage, recent, .. counts]);
        return new(await datasetPage, (await Task.WhenAll(counts)).ToDictionary(c => c.status, c => c.Total), (await recent).Items);
    }
}

public sealed record DashboardSummary(
    ApiPage<DatasetRecord> Datasets,
    IReadOnlyDictionary<string, int> TasksByStatus,
    IReadOnlyList<TaskRecord> RecentTasks)
{
    public int TaskTotal => TasksByStatus.Values.Sum();

    public int Active => TasksByStatus.GetValueOrDefault(TaskStatuses.Pending) + TasksByStatus.GetValueOrDefault(TaskStatuses.Running);

    /// <summary>Average of startedAt − createdAt over the recent tasks that have started; null when none has.</summary>
    public TimeSpan? AverageQueueWait =>
        RecentTasks.Select(task => task.QueueWait).OfType<TimeSpan>().ToList() is { Count: > 0 } waits
            ? TimeSpan.FromTicks((long)waits.Average(wait => wait.Ticks))
            : null;

    public int StartedCount => RecentTasks.Count(task => task.StartedAt is not null);
}
