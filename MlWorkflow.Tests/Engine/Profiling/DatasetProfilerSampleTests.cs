using MlWorkflow.Engine.Profiling;

namespace MlWorkflow.Tests.Engine.Profiling;

public sealed class DatasetProfilerSampleTests
{
    public static TheoryData<string> Samples => ["iris.csv", "penguins.csv", "titanic.csv", "cars.csv", "diabetes.csv"];

    [Theory]
    [MemberData(nameof(Samples))]
    public async Task ProfileSampleMatchesIndependentCounts(string file)
    {
        var reference = SampleReference.Load(file);

        var profile = await ProfileTestKit.ProfileSampleAsync(file);

        Assert.Equal(reference.Rows.Length, profile.RowCount);
        Assert.Equal(reference.Header, profile.Columns.Select(column => column.Name));
        Assert.Equal(reference.Header.Length, profile.ColumnCount);
        Assert.Equal(reference.DuplicateRows, profile.DuplicateRows);
        Assert.False(profile.DuplicateRowsIsEstimate);
        Assert.Equal(reference.Header.Sum(reference.Missing), profile.MissingCells);
        Assert.Equal(SampleReference.DefaultMissingTokens, profile.MissingTokens);
        foreach (var column in profile.Columns)
        {
            Assert.Equal(reference.Missing(column.Name), column.Missing);
            Assert.Equal(100.0 * column.Missing / reference.Rows.Length, column.MissingPct, 12);
            Assert.Equal(reference.Distinct(column.Name), column.Distinct);
            Assert.False(column.DistinctIsEstimate);
        }
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public async Task ProfileSampleNumericStatisticsMatchTwoPassComputation(string file)
    {
        var reference = SampleReference.Load(file);

        var profile = await ProfileTestKit.ProfileSampleAsync(file);

        var numeric = profile.Columns.Where(column => column.Type is ColumnType.Numeric or ColumnType.Integer).ToList();
        Assert.NotEmpty(numeric);
        foreach (var column in numeric)
        {
            var values = reference.Numbers(column.Name);
            ProfileTestKit.AssertRelativelyEqual(SampleReference.Mean(values), column.Mean);
            ProfileTestKit.AssertRelativelyEqual(SampleReference.Std(values), column.Std);
            Assert.Equal(values.Min(), column.Min);
            Assert.Equal(values.Max(), column.Max);
            Assert.Equal(values.Count(value => value == 0), column.Zeros);
        }
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public async Task ProfileSampleTopValuesMatchIndependentCounts(string file)
    {
        var reference = SampleReference.Load(file);

        var profile = await ProfileTestKit.ProfileSampleAsync(file);

        foreach (var column in profile.Columns.Where(column => column.Type != ColumnType.Identifier))
        {
            var expected = reference.Present(column.Name)
                .GroupBy(value => value, StringComparer.Ordinal)
                .OrderByDescending(group => group.Count()).ThenBy(group => group.Key, StringComparer.Ordinal)
                .Take(10)
                .Select(group => new TopValue(group.Key, group.Count()));
            Assert.Equal(expected, column.TopValues!);
        }
    }

    [Theory]
    [InlineData("iris.csv", "sepal length (cm)", ColumnType.Numeric)]
    [InlineData("iris.csv", "petal width (cm)", ColumnType.Numeric)]
    [InlineData("iris.csv", "target", ColumnType.Categorical)]
    [InlineData("penguins.csv", "species", ColumnType.Categorical)]
    [InlineData("penguins.csv", "island", ColumnType.Categorical)]
    [InlineData("penguins.csv", "bill_length_mm", ColumnType.Numeric)]
    [InlineData("penguins.csv", "body_mass_g", ColumnType.Numeric)]
    [InlineData("penguins.csv", "sex", ColumnType.Categorical)]
    [InlineData("penguins.csv", "year", ColumnType.Integer)]
    [InlineData("titanic.csv", "name", ColumnType.Identifier)]
    [InlineData("titanic.csv", "survived", ColumnType.Boolean)]
    [InlineData("titanic.csv", "sex", ColumnType.Categorical)]
    [InlineData("titanic.csv", "age", ColumnType.Numeric)]
    [InlineData("titanic.csv", "passengerClass", ColumnType.Categorical)]
    [InlineData("cars.csv", "Name", ColumnType.Text)]
    [InlineData("cars.csv", "Miles_per_Gallon", ColumnType.Numeric)]
    [InlineData("cars.csv", "Cylinders", ColumnType.Integer)]
    [InlineData("cars.csv", "Weight_in_lbs", ColumnType.Integer)]
    [InlineData("cars.csv", "Year", ColumnType.Datetime)]
    [InlineData("cars.csv", "Origin", ColumnType.Categorical)]
    [InlineData("diabetes.csv", "age", ColumnType.Numeric)]
    [InlineData("diabetes.csv", "s5", ColumnType.Numeric)]
    [InlineData("diabetes.csv", "target", ColumnType.Numeric)]
    public async Task ProfileSampleInfersTypeAsAPersonWould(string file, string column, ColumnType type)
    {
        var profile = await ProfileTestKit.ProfileSampleAsync(file);

        Assert.Equal(type, profile.Column(column).Type);
    }

    [Fact]
    public async Task ProfileSampleFacts()
    {
        var penguins = await ProfileTestKit.ProfileSampleAsync("penguins.csv");
        var titanic = await ProfileTestKit.ProfileSampleAsync("titanic.csv");
        var cars = await ProfileTestKit.ProfileSampleAsync("cars.csv");
        var diabetes = await ProfileTestKit.ProfileSampleAsync("diabetes.csv");

        Assert.Equal((344, 8, 2L, 11L), (penguins.RowCount, penguins.ColumnCount, penguins.Column("bill_length_mm").Missing, penguins.Column("sex").Missing));
        Assert.Equal((1309, 263L), (titanic.RowCount, titanic.Column("age").Missing));
        Assert.Equal((406, 8L, 6L), (cars.RowCount, cars.Column("Miles_per_Gallon").Missing, cars.Column("Horsepower").Missing));
        Assert.Equal(("1970-01-01", "1982-01-01"), (cars.Column("Year").MinDate, cars.Column("Year").MaxDate));
        Assert.Null(cars.Column("Year").Min);
        Assert.All(diabetes.Columns, column => Assert.Contains(column.Type, new[] { ColumnType.Numeric, ColumnType.Integer }));
        Assert.Equal([new("Adelie", 152), new("Gentoo", 124), new("Chinstrap", 68)], penguins.Column("species").TopValues!);
        Assert.Equal((6, 9), (penguins.Column("species").MinLength, penguins.Column("species").MaxLength));
        Assert.Null(titanic.Column("name").TopValues);
        Assert.Equal((null, null, null), (titanic.Column("name").Min, titanic.Column("name").Mean, titanic.Column("name").MinLength));
        Assert.Equal(1309, titanic.Column("name").Distinct);
    }
}
