using System.Globalization;
using MlWorkflow.Engine.Profiling;

namespace MlWorkflow.Tests.Engine.Profiling;

public sealed class DatasetProfilerNumberTests
{
    [Theory]
    [InlineData("0.1")]
    [InlineData("0.30000000000000004")]
    [InlineData("123456789012345678")]
    [InlineData("9007199254740993")]
    [InlineData("9999999999999999999")]
    [InlineData("12345678901234567890123")]
    [InlineData("1.00000000000000000000001")]
    [InlineData("1e308")]
    [InlineData("1.7976931348623157e308")]
    [InlineData("2.2250738585072014E-308")]
    [InlineData("4.9e-324")]
    [InlineData("123.456e-2")]
    [InlineData(".5")]
    [InlineData("5.")]
    [InlineData("+3.25")]
    [InlineData("0.000001234")]
    [InlineData("7.038531e-26")]
    [InlineData("3.141592653589793238462643383279")]
    [InlineData("0.1234567890123456789012")]
    public async Task ProfileParsesNumbersExactlyLikeDoubleParse(string text)
    {
        var profile = await ProfileTestKit.ProfileAsync(DatasetProfilerTypeTests.WithRowNumbers("x", [text, "-1"]));

        Assert.Equal(double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture), profile.Column("x").Max);
    }

    [Fact]
    public async Task ProfileRandomDecimalsMatchDoubleParse()
    {
        var random = new Random(7);
        var texts = Enumerable.Range(0, 20_000).Select(i => (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-8, 12)))
            .Select((value, i) => value.ToString(i % 3 == 0 ? "R" : "F" + (i % 9), CultureInfo.InvariantCulture))
            .ToArray();
        var values = texts.Select(text => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture)).ToArray();

        var x = (await ProfileTestKit.ProfileAsync(DatasetProfilerTypeTests.WithRowNumbers("x", texts))).Column("x");

        Assert.Equal((ColumnType.Numeric, values.Min(), values.Max()), (x.Type, x.Min, x.Max));
        ProfileTestKit.AssertRelativelyEqual(SampleReference.Mean(values), x.Mean);
        ProfileTestKit.AssertRelativelyEqual(SampleReference.Std(values), x.Std);
    }

    [Fact]
    public async Task ProfileIntegersBeyondLongAreNumericAndInfinitiesLeftOutOfMoments()
    {
        var big = (await ProfileTestKit.ProfileAsync(DatasetProfilerTypeTests.WithRowNumbers("big", ["9223372036854775807", "9223372036854775808", "1"]))).Column("big");
        var wild = (await ProfileTestKit.ProfileAsync(DatasetProfilerTypeTests.WithRowNumbers("wild", ["1", "3", "inf", "-Infinity", "2"]))).Column("wild");

        Assert.Equal(ColumnType.Numeric, big.Type);
        Assert.Equal((ColumnType.Numeric, 1.0, 3.0, 2.0, 1.0), (wild.Type, wild.Min, wild.Max, wild.Mean, wild.Std));
    }
}
