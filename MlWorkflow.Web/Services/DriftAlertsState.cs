namespace MlWorkflow.Web.Services;

/// <summary>
/// Tells the navigation's alert badge (one per circuit, as this service is scoped) that alerts changed on a page, e.g. one
/// was acknowledged or a drift check finished, so it counts again at once instead of at its next refresh.
/// </summary>
public sealed class DriftAlertsState
{
    public event Func<Task>? Changed;

    public Task NotifyChangedAsync() => Changed?.Invoke() ?? Task.CompletedTask;
}
