namespace MlWorkflow.Core.Deployments;

/// <summary>
/// A deployment's predict requests in one UTC minute, summed over every Api replica: counts and a latency
/// histogram (<see cref="LatencyBuckets"/>), so percentiles over any span are a sum of rows away.
/// </summary>
public sealed class DeploymentMinuteStats
{
    public required Guid DeploymentId { get; init; }

    /// <summary>The minute's start (UTC, seconds zero).</summary>
    public required DateTimeOffset Minute { get; init; }

    public long Requests { get; set; }

    public long Errors { get; set; }

    public long Rows { get; set; }

    /// <summary>Predicted rows the prediction log could not take (its queue was full).</summary>
    public long UnloggedRows { get; set; }

    /// <summary>Request counts per latency bucket; bounds in <see cref="LatencyBuckets.UpperBoundsMs"/>.</summary>
    public required long[] Latency { get; set; }
}
