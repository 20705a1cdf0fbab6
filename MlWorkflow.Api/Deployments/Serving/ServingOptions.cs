using System.ComponentModel.DataAnnotations;

namespace MlWorkflow.Api.Deployments.Serving;

/// <summary>Settings of the predict path (section <c>Serving</c>).</summary>
public sealed class ServingOptions
{
    public const string Section = "Serving";

    /// <summary>Model packages kept loaded, least recently used dropped first.</summary>
    [Range(1, 1_000)]
    public int MaxLoadedModels { get; set; } = 16;

    /// <summary>Whether predicted rows are logged at all (drift checks read the log; off only to measure serving without it).</summary>
    public bool LogPredictions { get; set; } = true;

    /// <summary>Predicted rows waiting for the prediction log; rows beyond it are counted as unlogged, never waited for.</summary>
    [Range(1, 10_000_000)]
    public int LogQueueRows { get; set; } = 50_000;

    /// <summary>Rows written to the prediction log in one COPY.</summary>
    [Range(1, 100_000)]
    public int LogBatchRows { get; set; } = 5_000;

    /// <summary>How often the per-minute request counts are added to the database.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan StatsFlushInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often prediction log rows past their deployment's retention are deleted.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan RetentionSweepInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The largest predict body read (10,000 rows of about 100 short cells).</summary>
    [Range(1_024, 1_073_741_824)]
    public int MaxBodyBytes { get; set; } = 32 * 1024 * 1024;
}
