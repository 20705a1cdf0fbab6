using System.Diagnostics;
using MlWorkflow.Engine.Csv;

namespace MlWorkflow.Engine.Profiling;

/// <summary>
/// Profiles a small generated CSV (<see cref="WarmUpCsv"/>) a number of times, so that a process that has just
/// started has compiled the profiler's code before a user's file arrives. Every other round uses small caps, so the
/// estimated distinct counts, the capped duplicate-row table and the correlation reservoir are compiled too. With
/// tiered compilation off (the worker) two rounds compile everything; with it on, tier-up needs about 30 calls per
/// method counted after start-up has settled, which even 40 rounds do not reach (docs/BENCHMARKS.md).
/// </summary>
public static class ProfilerWarmUp
{
    public const int DefaultRows = 3_000;

    public const int DefaultRounds = 2;

    private static readonly ProfileOptions s_smallCaps = ProfileOptions.Default with
    {
        DistinctCap = 256,
        DuplicateRowsCap = 1_024,
        CorrelationSampleRows = 500,
    };

    /// <param name="rounds">How many times the file is profiled.</param>
    /// <param name="rows">Rows of the generated file.</param>
    /// <param name="afterEachRound">Called with each round's profile (the caller can warm up what it does with profiles).</param>
    /// <param name="cancellationToken">Checked between rounds.</param>
    /// <returns>The time it took.</returns>
    public static async Task<TimeSpan> RunAsync(int rounds = DefaultRounds, int rows = DefaultRows,
        Action<DatasetProfile>? afterEachRound = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rounds);
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        var started = Stopwatch.GetTimestamp();
        var csv = WarmUpCsv.Create(rows);
        var dialect = new CsvDialect(',', CsvDialect.Utf8);
        for (var round = 0; round < rounds; round++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var stream = new MemoryStream(csv, writable: false);
            var profiler = new DatasetProfiler(round % 2 == 0 ? ProfileOptions.Default : s_smallCaps);
            var profile = await profiler.ProfileAsync(stream, dialect, csv.Length, SilentProgress.Instance, cancellationToken);
            afterEachRound?.Invoke(profile);
        }
        return Stopwatch.GetElapsedTime(started);
    }
}
