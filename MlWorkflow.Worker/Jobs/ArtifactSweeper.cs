using MlWorkflow.Core.Artifacts;

namespace MlWorkflow.Worker.Jobs;

/// <summary>
/// Deletes stored files that nothing refers to any more (older than <see cref="Grace"/>, so a file being written in an
/// open transaction is never a candidate). Jobs write their files in the transaction that completes them, so normally
/// there are none; this keeps storage from growing if a path ever leaves one behind.
/// </summary>
public sealed partial class ArtifactSweeper(PostgresArtifactStore store, TimeProvider time, ILogger<ArtifactSweeper> logger)
    : PeriodicSweep(time, logger)
{
    public static readonly TimeSpan Grace = TimeSpan.FromHours(1);

    protected override TimeSpan Interval => TimeSpan.FromMinutes(15);

    public override async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var deleted = await store.DeleteUnreferencedAsync(Time.GetUtcNow() - Grace, cancellationToken);
        if (deleted > 0)
        {
            LogDeleted(deleted);
        }
        return deleted;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Count} stored files that nothing refers to")]
    private partial void LogDeleted(int count);
}
