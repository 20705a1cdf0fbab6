using System.Collections.Concurrent;
using MlWorkflow.Core.Deployments;

namespace MlWorkflow.Api.Deployments.Serving;

/// <summary>
/// Predict requests counted in memory per deployment and UTC minute (requests, errors, rows, unlogged rows, latency
/// histogram in <see cref="LatencyBuckets"/>) without locks; <see cref="ServingStatsWriter"/> takes what was counted
/// since its last flush and adds it to <c>deployment_stats</c>, so replicas' counts sum.
/// </summary>
public sealed class ServingStats(TimeProvider time)
{
    /// <summary>Counts that could not be written are kept this long, then dropped.</summary>
    private static readonly TimeSpan s_keepUnwritten = TimeSpan.FromDays(1);

    private readonly ConcurrentDictionary<(Guid DeploymentId, long Minute), Counter> _counters = new();

    public void Record(Guid deploymentId, bool error, int rows, int unloggedRows, TimeSpan latency)
    {
        var counter = _counters.GetOrAdd((deploymentId, CurrentMinute()), _ => new Counter());
        counter.Add(1, error ? 1 : 0, rows, unloggedRows);
        counter.AddLatency(LatencyBuckets.Of(latency.TotalMilliseconds), 1);
    }

    /// <summary>Rows that were queued for the log but could not be written.</summary>
    public void AddUnlogged(Guid deploymentId, long rows) =>
        _counters.GetOrAdd((deploymentId, CurrentMinute()), _ => new Counter()).Add(0, 0, 0, rows);

    /// <summary>What was counted since the last call, per deployment and minute; past minutes with nothing new are forgotten.</summary>
    public List<MinuteCounts> Take()
    {
        var current = CurrentMinute();
        var taken = new List<MinuteCounts>();
        foreach (var (key, counter) in _counters)
        {
            var counts = counter.Take(key.DeploymentId, MinuteStart(key.Minute));
            if (counts.Requests + counts.UnloggedRows > 0)
            {
                taken.Add(counts);
            }
            else if (key.Minute < current - 1)
            {
                // Two minutes on, no request still counts into it.
                _counters.TryRemove(KeyValuePair.Create(key, counter));
            }
        }
        return taken;
    }

    /// <summary>Counts taken but not written go back, to be written with the next flush.</summary>
    public void PutBack(IEnumerable<MinuteCounts> counts)
    {
        var oldest = time.GetUtcNow() - s_keepUnwritten;
        foreach (var c in counts.Where(c => c.Minute >= oldest))
        {
            var counter = _counters.GetOrAdd((c.DeploymentId, c.Minute.UtcTicks / TimeSpan.TicksPerMinute), _ => new Counter());
            counter.Add(c.Requests, c.Errors, c.Rows, c.UnloggedRows);
            for (var i = 0; i < c.Latency.Length; i++)
            {
                counter.AddLatency(i, c.Latency[i]);
            }
        }
    }

    private long CurrentMinute() => time.GetUtcNow().UtcTicks / TimeSpan.TicksPerMinute;

    private static DateTimeOffset MinuteStart(long minute) => new(minute * TimeSpan.TicksPerMinute, TimeSpan.Zero);

    private sealed class Counter
    {
        private readonly long[] _latency = new long[LatencyBuckets.Count];
        private long _requests;
        private long _errors;
        private long _rows;
        private long _unlogged;

        public void Add(long requests, long errors, long rows, long unlogged)
        {
            if (requests != 0)
            {
                Interlocked.Add(ref _requests, requests);
            }
            if (errors != 0)
            {
                Interlocked.Add(ref _errors, errors);
            }
            if (rows != 0)
            {
                Interlocked.Add(ref _rows, rows);
            }
            if (unlogged != 0)
            {
                Interlocked.Add(ref _unlogged, unlogged);
            }
        }

        public void AddLatency(int bucket, long count)
        {
            if (count != 0)
            {
                Interlocked.Add(ref _latency[bucket], count);
            }
        }

        public MinuteCounts Take(Guid deploymentId, DateTimeOffset minute)
        {
            var latency = new long[_latency.Length];
            for (var i = 0; i < latency.Length; i++)
            {
                latency[i] = Interlocked.Exchange(ref _latency[i], 0);
            }
            return new MinuteCounts(deploymentId, minute, Interlocked.Exchange(ref _requests, 0), Interlocked.Exchange(ref _errors, 0),
                Interlocked.Exchange(ref _rows, 0), Interlocked.Exchange(ref _unlogged, 0), latency);
        }
    }
}

/// <summary>One deployment's counts in one minute, as added to its <c>deployment_stats</c> row.</summary>
public sealed record MinuteCounts(Guid DeploymentId, DateTimeOffset Minute, long Requests, long Errors, long Rows, long UnloggedRows, long[] Latency);
