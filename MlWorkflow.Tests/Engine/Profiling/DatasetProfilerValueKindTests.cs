using MlWorkflow.Engine.Profiling;

namespace MlWorkflow.Tests.Engine.Profiling;

public sealed class DatasetProfilerValueKindTests
{
    [Fact]
    public async Task ProfileCountsEveryValueByKindAndInfinitiesApart()
    {
        string[] values = ["1", "-7", "2.5", "inf", "-Infinity", "INF", "yes", "2020-01-31", "2020-01-31T10:00", "abc", "NA", ""];

        var mixed = (await ProfileTestKit.ProfileAsync(DatasetProfilerTypeTests.WithRowNumbers("mixed", values))).Column("mixed");

        Assert.Equal(new ValueKindCounts(Integer: 2, Float: 4, Boolean: 1, Date: 2, Text: 1), mixed.ValueKinds);
        Assert.Equal((3L, 2L), (mixed.Infinite, mixed.Missing));
    }

    [Fact]
    public async Task ProfileInfinitiesStayOutOfTheStatistics()
    {
        string[] values = ["1", "2", "3", "inf", "-inf", "4"];

        var ratio = (await ProfileTestKit.ProfileAsync(DatasetProfilerTypeTests.WithRowNumbers("ratio", values))).Column("ratio");

        Assert.Equal((ColumnType.Numeric, 2L, 1.0, 4.0, 2.5), (ratio.Type, ratio.Infinite, ratio.Min, ratio.Max, ratio.Mean));
        Assert.Equal(4, ratio.Histogram!.Counts.Sum());
    }

    [Theory]
    [InlineData("iris.csv")]
    [InlineData("penguins.csv")]
    [InlineData("titanic.csv")]
    [InlineData("cars.csv")]
    [InlineData("diabetes.csv")]
    public async Task ProfileSampleKindsSumToTheNonMissingValues(string file)
    {
        var profile = await ProfileTestKit.ProfileSampleAsync(file);

        Assert.All(profile.Columns, column =>
        {
            var kinds = column.ValueKinds!;
            Assert.Equal(profile.RowCount - column.Missing, kinds.Integer + kinds.Float + kinds.Boolean + kinds.Date + kinds.Text);
            Assert.Equal(0, column.Infinite);
        });
    }

    [Fact]
    public async Task ProfilePenguinsSexIsCategoricalWithMissingValues()
    {
        var sex = (await ProfileTestKit.ProfileSampleAsync("penguins.csv")).Column("sex");

        Assert.Equal((ColumnType.Categorical, 11L, 2L), (sex.Type, sex.Missing, sex.Distinct));
        Assert.Equal(new ValueKindCounts(0, 0, 0, 0, 333), sex.ValueKinds);
    }
}
