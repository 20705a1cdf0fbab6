using MlWorkflow.Engine.Profiling;
using MlWorkflow.Engine.Profiling.Correlations;

namespace MlWorkflow.Tests.Engine.Profiling;

public sealed class RowSampleTests
{
    private static readonly MissingTokenMatcher s_missing = new(ProfileOptions.Default.MissingTokens);

    [Fact]
    public void RowSampleOfANarrowFileSamplesEveryColumn()
    {
        var sample = new RowSample(5, 100, s_missing);

        Assert.False(sample.NeedsColumns);
        Assert.Equal([0, 1, 2, 3, 4], Enumerable.Range(0, sample.Columns).Select(sample.Source));
    }

    [Fact]
    public void RowSampleOfAWideFileSamplesTheChosenColumnsOnce()
    {
        var sample = new RowSample(200, 100, s_missing);
        var chosen = Enumerable.Range(0, RowSample.MaxColumns).Select(i => i * 3).ToList();
        var batch = new RecordBatch(200);
        var fields = string.Concat(Enumerable.Range(0, 200).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var ends = new int[200];
        for (int i = 0, at = 0; i < 200; i++)
        {
            at += i.ToString(System.Globalization.CultureInfo.InvariantCulture).Length;
            ends[i] = at;
        }
        batch.Sampled.Add((batch.Rows, sample.Offer()));
        batch.Add(fields, ends, rowHash: 1);

        Assert.True(sample.NeedsColumns);
        Assert.Throws<InvalidOperationException>(() => sample.Fill(batch));
        Assert.Throws<InvalidOperationException>(() => sample.Choose([1, 2]));
        sample.Choose(chosen);
        sample.Fill(batch);

        Assert.Equal((64, 1), (sample.Columns, sample.Rows));
        Assert.Equal(189.0, sample.Number(0, 63));
        Assert.Throws<InvalidOperationException>(() => sample.Choose(chosen));
    }
}
