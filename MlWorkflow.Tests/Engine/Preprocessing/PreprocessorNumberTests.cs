using System.Globalization;
using MlWorkflow.Engine.Preprocessing;
using static MlWorkflow.Tests.Engine.Preprocessing.PreprocessTestKit;

namespace MlWorkflow.Tests.Engine.Preprocessing;

/// <summary>Number steps on crafted columns against values computed here the plain way.</summary>
public sealed class PreprocessorNumberTests
{
    private static readonly string[] s_missing = ["", "NA", "N/A", "n/a", "na", "null", "NULL", "Null", "NaN", "nan", "None", "none", "-", "?"];

    private static string[] Y(int rows) => [.. Enumerable.Range(0, rows).Select(i => i % 2 == 0 ? "yes" : "no")];

    private static double[] Present(string[] values) =>
        [.. values.Where(v => !s_missing.Contains(v)).Select(v => double.Parse(v, CultureInfo.InvariantCulture))];

    private static double[] Filled(string[] values, double fill) =>
        [.. values.Select(v => s_missing.Contains(v) ? fill : double.Parse(v, CultureInfo.InvariantCulture))];

    private static double Median(double[] values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    [Fact]
    public async Task ImputeFillsTheMedianOfOddAndEvenCountsAndTheMean()
    {
        string[] odd = ["1.5", "NA", "4", "2", "", "10", "3.5", "NA", "7", "0.5"];
        string[] even = ["8", "2.5", "", "1", "4", "6.5", "9", "NA", "3", "5"];

        var run = await RunAsync(Table(("y", Y(10)), ("odd", odd), ("even", even), ("m", even)), "y",
            """[{"op":"impute","columns":["odd","even"],"params":{"strategy":"median"}},{"op":"impute","columns":["m"],"params":{"strategy":"mean"}}]""");

        Assert.Equal(Filled(odd, Median(Present(odd))), run.Numbers("odd"));
        Assert.Equal(Filled(even, Median(Present(even))), run.Numbers("even"));
        Assert.Equal(4.5, Median(Present(even)));
        Assert.Equal(Filled(even, Present(even).Average()), run.Numbers("m"));
        Assert.Contains(run.Progress.Logs, log => log.Message == "impute `odd` with the median 3.5 (3 values filled)");
    }

    [Fact]
    public async Task ImputeMostFrequentBreaksTiesWithTheSmallestValue()
    {
        var run = await RunAsync(Table(("y", Y(6)), ("cat", ["b", "a", "b", "a", "", "c"]), ("num", ["3", "1", "3", "1", "NA", "2.5"])), "y",
            """[{"op":"impute","columns":["cat","num"],"params":{"strategy":"most_frequent"}}]""");

        Assert.Equal(["b", "a", "b", "a", "a", "c"], run.Column("cat"));
        Assert.Equal([3, 1, 3, 1, 1, 2.5], run.Numbers("num"));
    }

    [Fact]
    public async Task ScalersUsePopulationStdMinMaxAndNumpyQuartiles()
    {
        string[] x = ["2", "4", "4", "4", "5", "5", "7", "9", "NA", "3"];
        var values = Present(x);
        var mean = values.Average();
        var std = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / values.Length);
        var (q25, q75) = (Quantile(values, 0.25), Quantile(values, 0.75));

        var run = await RunAsync(Table(("y", Y(10)), ("s", x), ("m", x), ("r", x)), "y",
            """[{"op":"standard_scale","columns":["s"]},{"op":"minmax_scale","columns":["m"]},{"op":"robust_scale","columns":["r"]}]""");

        AssertClose(x.Select(v => s_missing.Contains(v) ? double.NaN : (double.Parse(v, CultureInfo.InvariantCulture) - mean) / std), run.Numbers("s"));
        AssertClose(x.Select(v => s_missing.Contains(v) ? double.NaN : (double.Parse(v, CultureInfo.InvariantCulture) - 2) / 7), run.Numbers("m"));
        AssertClose(x.Select(v => s_missing.Contains(v) ? double.NaN : (double.Parse(v, CultureInfo.InvariantCulture) - Median(values)) / (q75 - q25)), run.Numbers("r"));
        Assert.Equal("", run.Column("s")[8]);
    }

    [Fact]
    public async Task StandardScaleOfAColumnWithNoSpreadDividesByOne()
    {
        string[] x = ["1", "5", "5", "5", "5", "9"];

        var run = await RunAsync(Table(("y", Y(6)), ("x", x)), "y",
            """[{"op":"clip_outliers","columns":["x"],"params":{"lower_quantile":0.4,"upper_quantile":0.6}},{"op":"standard_scale","columns":["x"]}]""");

        Assert.All(run.Numbers("x"), value => Assert.Equal(0, value));
        var scale = Assert.Single(run.Result.Fitted.Steps[1].Columns);
        Assert.Equal((5.0, 1.0), (scale.Center, scale.Scale));
    }

    [Fact]
    public async Task MinMaxOfAConstantColumnGivesZeroAndRobustWithNoIqrDividesByOne()
    {
        // As sklearn: MinMaxScaler scales by 1 where max = min (every value becomes 0); RobustScaler divides by 1 where the IQR is 0.
        // A column constant in the whole file is profiled "constant" (no scaler takes it): this one is constant once clipped.
        string[] clipped = ["1", "3", "3", "NA", "3", "3", "3", "9"];
        string[] flat = ["1", "5", "5", "5", "5", "5", "9", "5"];
        var values = Present(flat);
        Assert.Equal((3.0, 3.0), (Quantile(Present(clipped), 0.4), Quantile(Present(clipped), 0.6)));
        Assert.Equal(Quantile(values, 0.25), Quantile(values, 0.75));

        var run = await RunAsync(Table(("y", Y(8)), ("c", clipped), ("r", flat)), "y", """
            [{"op":"clip_outliers","columns":["c"],"params":{"lower_quantile":0.4,"upper_quantile":0.6}},
             {"op":"minmax_scale","columns":["c"]},{"op":"robust_scale","columns":["r"]}]
            """);

        AssertClose(clipped.Select(v => s_missing.Contains(v) ? double.NaN : 0), run.Numbers("c"));
        AssertClose(values.Select(v => v - Median(values)), run.Numbers("r"));
        var (minMax, robust) = (Assert.Single(run.Result.Fitted.Steps[1].Columns), Assert.Single(run.Result.Fitted.Steps[2].Columns));
        Assert.Equal((3.0, 3.0), (minMax.Min!.Value, minMax.Max!.Value));
        Assert.Equal((Median(values), 1.0), (robust.Center!.Value, robust.Scale!.Value));
        // A value not seen while fitting, at predict time: (4 − 5) / 1.
        Assert.Equal([null, "0", "-1"], run.Result.Fitted.TransformRow(new Dictionary<string, string?> { ["c"] = "7", ["r"] = "4" }));
    }

    [Fact]
    public async Task ClipAndLogUseNumpyQuantilesAndLog1p()
    {
        string[] x = [.. Enumerable.Range(0, 40).Select(i => (i * i * 0.25).ToString(CultureInfo.InvariantCulture))];
        var values = Present(x);
        var (low, high) = (Quantile(values, 0.05), Quantile(values, 0.9));

        var run = await RunAsync(Table(("y", Y(40)), ("c", x), ("l", x)), "y",
            """[{"op":"clip_outliers","columns":["c"],"params":{"lower_quantile":0.05,"upper_quantile":0.9}},{"op":"log_transform","columns":["l"]}]""");

        AssertClose(values.Select(v => Math.Clamp(v, low, high)), run.Numbers("c"));
        AssertClose(values.Select(v => Math.Log(1 + v)), run.Numbers("l"));
    }

    [Fact]
    public async Task LogOfAValueBelowMinusOneFailsNamingColumnLineAndValue()
    {
        var csv = Table(("y", Y(6)), ("v", ["1.5", "2", "-5", "3", "0.5", "4"]));

        var error = await Assert.ThrowsAsync<PreprocessDataException>(() => RunAsync(csv, "y", """[{"op":"log_transform","columns":["v"]}]"""));

        Assert.Equal(("v", 4L, "-5"), (error.Column, error.Line, error.Value));
        Assert.Contains("`v` on line 4 (value \"-5\")", error.Message);
        Assert.Contains("log_transform", error.Fix);
    }

    [Fact]
    public async Task LogFailingWhileALaterStepFitsStillNamesTheLine()
    {
        var csv = Table(("y", Y(6)), ("v", ["1.5", "2", "3", "3", "0.5", "-4"]));

        var error = await Assert.ThrowsAsync<PreprocessDataException>(() => RunAsync(csv, "y",
            """[{"op":"log_transform","columns":["v"]},{"op":"standard_scale","columns":["v"]}]"""));

        Assert.Equal(7L, error.Line);
    }

    [Fact]
    public async Task InfiniteAndWordsAreMissingWhenImputeSaysSoElseTheRunFails()
    {
        string[] x = [.. Enumerable.Range(0, 40).Select(i => i switch { 5 => "-inf", 7 => "abc", _ => (i * 0.5).ToString(CultureInfo.InvariantCulture) })];
        var csv = Table(("y", Y(40)), ("x", x));

        var run = await RunAsync(csv, "y", """[{"op":"impute","columns":["x"],"params":{"strategy":"mean","also_missing":["infinite","non_numeric"]}}]""");
        var error = await Assert.ThrowsAsync<PreprocessDataException>(() => RunAsync(csv, "y", """[{"op":"standard_scale","columns":["x"]}]"""));

        var mean = Enumerable.Range(0, 40).Where(i => i is not 5 and not 7).Average(i => i * 0.5);
        AssertClose([.. Enumerable.Range(0, 40).Select(i => i is 5 or 7 ? mean : i * 0.5)], run.Numbers("x"));
        Assert.Equal(("x", 7L, "-inf"), (error.Column, error.Line, error.Value));
        Assert.Contains("also_missing", error.Fix);
    }

    private static void AssertClose(IEnumerable<double> expected, double[] actual)
    {
        var wanted = expected.ToArray();
        Assert.Equal(wanted.Length, actual.Length);
        for (var i = 0; i < wanted.Length; i++)
        {
            Assert.True(double.IsNaN(wanted[i]) ? double.IsNaN(actual[i]) : Math.Abs(wanted[i] - actual[i]) <= 1e-12 * Math.Max(1, Math.Abs(wanted[i])),
                $"row {i}: expected {wanted[i]:R}, got {actual[i]:R}");
        }
    }
}
