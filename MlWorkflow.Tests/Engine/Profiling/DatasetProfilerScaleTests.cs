using System.Text;
using MlWorkflow.Engine.Profiling;

namespace MlWorkflow.Tests.Engine.Profiling;

public sealed class DatasetProfilerScaleTests
{
    /// <summary>Values longer than this are kept shortened (with "…") for the top-values list.</summary>
    private const int ValueCounterMaxChars = 200;

    [Fact]
    public async Task ProfilePastDistinctCapEstimatesWithinThreePercent()
    {
        var text = new StringBuilder("key,group,bucket\n");
        for (var i = 0; i < 200_000; i++)
        {
            text.Append("k").Append(i * 7_919L % 1_000_003).Append(',').Append(i % 7).Append(',').Append("b").Append(i % 50_000).Append('\n');
        }

        var profile = await ProfileTestKit.ProfileAsync(Encoding.UTF8.GetBytes(text.ToString()));

        var key = profile.Column("key");
        var bucket = profile.Column("bucket");
        Assert.Equal(200_000, profile.RowCount);
        Assert.True(key.DistinctIsEstimate);
        Assert.InRange(key.Distinct, 194_000, 206_000);
        Assert.True(bucket.DistinctIsEstimate);
        Assert.InRange(bucket.Distinct, 48_500, 51_500);
        Assert.Equal((false, 7L), (profile.Column("group").DistinctIsEstimate, profile.Column("group").Distinct));
        Assert.Equal(ColumnType.Identifier, key.Type);
        Assert.Equal(ColumnType.Text, bucket.Type);
        Assert.Equal(0, profile.DuplicateRows);
    }

    [Fact]
    public async Task ProfileHighCardinalityTextStopsAllocatingPastTheCaps()
    {
        // Both runs fill the profiler's two row batches (about 6,700 of these rows each) to their full size.
        var (smaller, _) = await ProfileUniqueCommentsAsync(40_000);
        var (larger, profile) = await ProfileUniqueCommentsAsync(70_000);
        var extraStrings = 30_000L * 2 * 310;

        Assert.Equal(70_000, profile.RowCount);
        Assert.True(profile.Column("comment").DistinctIsEstimate);
        Assert.True(larger - smaller < extraStrings / 5, $"30,000 more rows allocated {larger - smaller:N0} bytes; their comments as strings take {extraStrings:N0}");
        Assert.All(profile.Column("comment").TopValues!, top => Assert.Equal(ValueCounterMaxChars, top.Value.Length));
    }

    [Fact]
    public async Task ProfilePastDuplicateRowsCapEstimatesWithinTenPercent()
    {
        var text = new StringBuilder("a,b\n");
        for (var i = 0; i < 100_000; i++)
        {
            text.Append(i).Append(",x\n");
            if (i % 4 == 0)
            {
                text.Append(i / 2).Append(",x\n");   // 25,000 repeats of earlier rows
            }
        }
        var bytes = Encoding.UTF8.GetBytes(text.ToString());

        var exact = await ProfileTestKit.ProfileAsync(bytes);
        var sampled = await ProfileTestKit.ProfileAsync(bytes, new ProfileOptions { DuplicateRowsCap = 8_192 });

        Assert.Equal((25_000L, false), (exact.DuplicateRows, exact.DuplicateRowsIsEstimate));
        Assert.True(sampled.DuplicateRowsIsEstimate);
        Assert.InRange(sampled.DuplicateRows, 22_500, 27_500);
    }

    /// <summary>Bytes allocated on this thread (the profile runs synchronously on it) to profile rows with unique 300-character comments.</summary>
    private static Task<(long Allocated, DatasetProfile Profile)> ProfileUniqueCommentsAsync(int rows)
    {
        var text = new StringBuilder("id,comment,score\n");
        for (var i = 0; i < rows; i++)
        {
            text.Append(i).Append(",\"").Append(i).Append(' ').Append('x', 300).Append("\",").Append(i % 100).Append('\n');
        }
        var bytes = Encoding.UTF8.GetBytes(text.ToString());
        // Blocking on purpose, on one thread: the reads complete synchronously, so the whole profile runs on this thread,
        // and both readings of the per-thread counter must be taken on the same thread (an await may resume elsewhere).
        var before = GC.GetAllocatedBytesForCurrentThread();
        var profile = ProfileTestKit.ProfileAsync(bytes, new ProfileOptions { UseSecondThread = false }, readSize: 65_536).GetAwaiter().GetResult();
        return Task.FromResult((GC.GetAllocatedBytesForCurrentThread() - before, profile));
    }
}
