using MlWorkflow.Engine.Profiling;

namespace MlWorkflow.Tests.Engine.Profiling;

/// <summary>The samples are smaller than the correlation sample, so every row is used: each measure is recomputed the plain way.</summary>
public sealed class DatasetProfilerCorrelationSampleTests
{
    [Theory]
    [MemberData(nameof(DatasetProfilerSampleTests.Samples), MemberType = typeof(DatasetProfilerSampleTests))]
    public async Task ProfileSampleCorrelationsMatchStraightforwardComputation(string file)
    {
        var reference = SampleReference.Load(file);

        var profile = await ProfileTestKit.ProfileSampleAsync(file);

        var auto = profile.Correlations!;
        var types = auto.Columns.ToDictionary(name => name, name => profile.Column(name).Type);
        Assert.Equal(profile.Columns.Where(column => column.Type is ColumnType.Numeric or ColumnType.Integer or ColumnType.Categorical or ColumnType.Boolean).Select(column => column.Name), auto.Columns);
        foreach (var a in auto.Columns)
        {
            foreach (var b in auto.Columns.Where(b => b != a))
            {
                var (numericA, numericB) = (IsNumeric(types[a]), IsNumeric(types[b]));
                var expected = (numericA, numericB) switch
                {
                    (true, true) => Math.Abs(CorrelationReference.Spearman(Numbers(reference, a), Numbers(reference, b))!.Value),
                    (false, false) => CorrelationReference.CramersV(Labels(reference, a, types[a]), Labels(reference, b, types[b])),
                    (true, false) => CorrelationReference.Eta(Numbers(reference, a), Labels(reference, b, types[b])),
                    (false, true) => CorrelationReference.Eta(Numbers(reference, b), Labels(reference, a, types[a])),
                };
                AssertClose(expected, DatasetProfilerCorrelationTests.Cell(auto, a, b), $"{file} auto {a} × {b}");
                if (numericA && numericB)
                {
                    var pearson = profile.CorrelationMatrices.Single(matrix => matrix.Method == "pearson");
                    AssertClose(CorrelationReference.Pearson(Numbers(reference, a), Numbers(reference, b)), DatasetProfilerCorrelationTests.Cell(pearson, a, b), $"{file} pearson {a} × {b}");
                }
            }
        }
    }

    private static bool IsNumeric(ColumnType type) => type is ColumnType.Numeric or ColumnType.Integer;

    private static double?[] Numbers(SampleReference reference, string column) =>
        [.. reference.Values(column).Select(value => SampleReference.DefaultMissingTokens.Contains(value) ? (double?)null : double.Parse(value, System.Globalization.CultureInfo.InvariantCulture))];

    private static string?[] Labels(SampleReference reference, string column, ColumnType type) =>
        [.. reference.Values(column).Select(value => SampleReference.DefaultMissingTokens.Contains(value) ? null : type == ColumnType.Boolean ? value.ToLowerInvariant()[..1] : value)];

    private static void AssertClose(double? expected, double? actual, string what)
    {
        Assert.True(expected.HasValue == actual.HasValue, $"{what}: expected {expected}, got {actual}");
        if (expected is { } value)
        {
            Assert.True(Math.Abs(value - actual!.Value) <= 1e-9, $"{what}: expected {value:R}, got {actual:R}");
        }
    }
}
