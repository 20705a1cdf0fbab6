using System.Globalization;

namespace MlWorkflow.Tests.Engine.Profiling;

public sealed class DatasetProfilerDateTests
{
    [Fact]
    public async Task ProfileCarsYearVariesInTheYearOnly()
    {
        var year = (await ProfileTestKit.ProfileSampleAsync("cars.csv")).Column("Year");

        var parts = year.DateParts!;
        Assert.Equal((1970, 1982), (parts.MinYear, parts.MaxYear));
        Assert.Equal([1], parts.Months);
        Assert.Equal([1], parts.Days);
        Assert.Null(parts.Hours);
        // 1 January falls on a different weekday each year: the weekday varies, but only with the year.
        Assert.Equal(["year", "weekday"], parts.Varying);
    }

    [Fact]
    public async Task ProfileCarsYearHistogramSpansTheRangeInThirtyBins()
    {
        var histogram = (await ProfileTestKit.ProfileSampleAsync("cars.csv")).Column("Year").DateHistogram!;

        Assert.Equal((31, 30), (histogram.Edges.Count, histogram.Counts.Count));
        Assert.Equal(("1970-01-01T00:00:00", "1982-01-01T00:00:00"), (histogram.Edges[0], histogram.Edges[^1]));
        Assert.Equal(406, histogram.Counts.Sum());
        Assert.Equal(12, histogram.Counts.Count(count => count > 0));
        Assert.Equal(histogram.Edges.Order(StringComparer.Ordinal), histogram.Edges);
    }

    [Fact]
    public async Task ProfileDateHistogramCountsExactlyBelowTheSketchSize()
    {
        // Days 0..29 of a 30-day span: each equal-width bin holds exactly one day, the last (closed) bin two.
        var days = Enumerable.Range(0, 31).Select(i => new DateTime(2021, 3, 1).AddDays(i).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).ToArray();

        var column = (await ProfileTestKit.ProfileAsync(DatasetProfilerTypeTests.WithRowNumbers("day", days))).Column("day");

        var histogram = column.DateHistogram!;
        Assert.Equal([.. Enumerable.Repeat(1L, 29), 2L], histogram.Counts);
        Assert.Equal("2021-03-02T00:00:00", histogram.Edges[1]);
        Assert.Equal(["day", "weekday"], column.DateParts!.Varying);
    }

    [Fact]
    public async Task ProfileTimestampsListHoursAndMinutesInUtc()
    {
        string[] values = ["2024-05-06T08:15:00Z", "2024-05-06T09:15:00+01:00", "2024-05-06T17:45:30Z"];

        var column = (await ProfileTestKit.ProfileAsync(DatasetProfilerTypeTests.WithRowNumbers("at", values))).Column("at");

        var parts = column.DateParts!;
        Assert.Equal([8, 17], parts.Hours);
        Assert.Equal([15, 45], parts.Minutes);
        Assert.Equal([0, 30], parts.Seconds);
        Assert.Equal(["hour", "minute", "second"], parts.Varying);
        Assert.Equal([1], parts.Weekdays);
        Assert.Equal(("2024-05-06T08:15:00Z", "2024-05-06T17:45:30Z"), (column.DateHistogram!.Edges[0], column.DateHistogram.Edges[^1]));
        Assert.Equal(3, column.DateHistogram.Counts.Sum());
    }

    [Fact]
    public async Task ProfileNonDateColumnsHaveNoDateEvidence()
    {
        var profile = await ProfileTestKit.ProfileSampleAsync("penguins.csv");

        Assert.All(profile.Columns, column => Assert.Equal((null, null), (column.DateHistogram, column.DateParts)));
    }
}
