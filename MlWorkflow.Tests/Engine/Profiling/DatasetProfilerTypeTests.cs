using System.Globalization;
using MlWorkflow.Engine.Profiling;

namespace MlWorkflow.Tests.Engine.Profiling;

public sealed class DatasetProfilerTypeTests
{
    public static TheoryData<string, string[], ColumnType> Columns => new()
    {
        { "flag", Repeat(["yes", "no", "Y", "n", "True", "false", "T", "f"], 5), ColumnType.Boolean },
        { "flag", Repeat(["0", "1"], 20), ColumnType.Integer },
        { "customer_id", Shuffled(Enumerable.Range(0, 50).Select(i => (i * 37 + 1000).ToString())), ColumnType.Identifier },
        { "customerId", ["17", "4", "99"], ColumnType.Identifier },
        { "amount", Shuffled(Enumerable.Range(0, 50).Select(i => (i * 37 + 1000).ToString())), ColumnType.Integer },
        { "n", Shuffled(Enumerable.Range(1, 50).Select(i => i.ToString())), ColumnType.Identifier },
        { "code", [.. Enumerable.Range(0, 50).Select(i => $"user-{i:0000}")], ColumnType.Identifier },
        { "review", [.. Enumerable.Range(0, 50).Select(i => $"Review number {i}: the product arrived on time and works as described; thanks a lot.")], ColumnType.Text },
        { "reading", [.. Enumerable.Range(0, 97).Select(i => (i * 0.25).ToString("R", CultureInfo.InvariantCulture)), "n.a.", "n.a.", "broken"], ColumnType.Numeric },
        { "grade", [.. Repeat(["1", "2", "3"], 30), .. Repeat(["x"], 10)], ColumnType.Categorical },
        { "size", Repeat(["S", "M", "L", "XL"], 10), ColumnType.Categorical },
        { "country", Repeat(["France"], 10), ColumnType.Constant },
        { "empty", Repeat(["NA", ""], 10), ColumnType.Constant },
        { "when", ["2020-01-31", "2020/02/29", "2021-12-31T23:59:59", "2020-01-31 10:00", "2020-01-31T10:00:00.1234567Z", "2020-01-31T10:00:00+02:00"], ColumnType.Datetime },
        { "when", Repeat(["2020-02-30", "2020-13-01", "31/01/2020", "2020-1-5"], 2), ColumnType.Categorical },
    };

    [Theory]
    [MemberData(nameof(Columns))]
    public async Task ProfileCraftedColumnInfersType(string name, string[] values, ColumnType type)
    {
        var profile = await ProfileTestKit.ProfileAsync(WithRowNumbers(name, values));

        Assert.Equal(type, profile.Column(name).Type);
    }

    [Fact]
    public async Task ProfileMostlyNumericColumnComputesStatisticsOverTheNumbersOnly()
    {
        var values = Enumerable.Range(0, 97).Select(i => i * 0.25).ToArray();
        var text = WithRowNumbers("reading", [.. values.Select(value => value.ToString("R", CultureInfo.InvariantCulture)), "n.a.", "n.a.", "broken"]);

        var reading = (await ProfileTestKit.ProfileAsync(text)).Column("reading");

        Assert.Equal((0.0, 24.0, 0L, 99L), (reading.Min, reading.Max, reading.Missing, reading.Distinct));
        ProfileTestKit.AssertRelativelyEqual(SampleReference.Mean(values), reading.Mean);
        ProfileTestKit.AssertRelativelyEqual(SampleReference.Std(values), reading.Std);
        Assert.Equal(1, reading.Zeros);
    }

    [Fact]
    public async Task ProfileDatetimeRangeIsIsoInUtcWhenOffsetsAreGiven()
    {
        string[] values = ["2020-01-31T10:00:00+02:00", "2019-12-31T23:30:00.5-01:00", "2020-01-31T07:59:59Z"];

        var when = (await ProfileTestKit.ProfileAsync(WithRowNumbers("when", values))).Column("when");

        Assert.Equal(("2020-01-01T00:30:00.5Z", "2020-01-31T08:00:00Z"), (when.MinDate, when.MaxDate));
        Assert.Equal((null, null, null), (when.Min, when.Mean, when.MinLength));
    }

    [Fact]
    public async Task ProfileDatesWithoutTimeStayDates()
    {
        var when = (await ProfileTestKit.ProfileAsync(WithRowNumbers("day", ["2021/03/04", "1999-12-31", "2000-02-29"]))).Column("day");

        Assert.Equal((ColumnType.Datetime, "1999-12-31", "2021-03-04"), (when.Type, when.MinDate, when.MaxDate));
    }

    [Fact]
    public async Task ProfileStringLengthsCountUnicodeCharacters()
    {
        var city = (await ProfileTestKit.ProfileAsync(WithRowNumbers("city", ["Zürich", "🎉🎉", "Oslo", "Zürich"]))).Column("city");

        Assert.Equal((ColumnType.Categorical, 2, 6), (city.Type, city.MinLength, city.MaxLength));
        Assert.Equal(new TopValue("Zürich", 2), city.TopValues![0]);
    }

    internal static string WithRowNumbers(string name, IReadOnlyList<string> values) =>
        $"row,{name}\n{string.Concat(values.Select((value, i) => $"{i},{value}\n"))}";

    private static string[] Repeat(string[] values, int times) => [.. Enumerable.Repeat(values, times).SelectMany(value => value)];

    private static string[] Shuffled(IEnumerable<string> values)
    {
        var array = values.ToArray();
        new Random(42).Shuffle(array);
        return array;
    }
}
