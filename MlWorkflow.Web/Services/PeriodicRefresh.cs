namespace MlWorkflow.Web.Services;

/// <summary>
/// A page's live refresh: every <c>interval</c>, while <c>needed()</c> holds (e.g. a listed task is still running),
/// runs <c>refresh</c>. Stops when disposed with the page; <see cref="Token"/> is cancelled then too.
/// </summary>
public sealed class PeriodicRefresh : IDisposable
{
    private readonly CancellationTokenSource _stop = new();

    public PeriodicRefresh(TimeSpan interval, Func<bool> needed, Func<Task> refresh)
    {
        Token = _stop.Token;
        _ = RunAsync(interval, needed, refresh, Token);
    }

    public CancellationToken Token { get; }

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
    }

    private static async Task RunAsync(TimeSpan interval, Func<bool> needed, Func<Task> refresh, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                if (needed())
                {
                    await refresh();
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
