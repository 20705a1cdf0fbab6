using MlWorkflow.Engine.Alerts;
using MlWorkflow.Engine.Profiling;
using static MlWorkflow.Tests.Engine.Alerts.CraftedProfiles;

namespace MlWorkflow.Tests.Engine.Alerts;

public sealed class ProfileAlertsTests
{
    private static ProfileAlert Single(DatasetProfile profile, string type, string? target = null)
    {
        var alerts = ProfileAlerts.Evaluate(profile, target).Where(alert => alert.Type == type).ToList();
        return Assert.Single(alerts);
    }

    [Fact]
    public void EvaluateCleanProfileIsQuiet()
    {
        Assert.Empty(ProfileAlerts.Evaluate(Clean()));
        Assert.Empty(ProfileAlerts.Evaluate(Clean(), "label"));
    }

    [Fact]
    public void EvaluateConstantColumnWarns()
    {
        var profile = Clean() with { Columns = [.. Clean().Columns, Category("country", 100, ("FR", 100)) with { Type = ColumnType.Constant }] };

        var alert = Single(profile, AlertTypes.Constant);

        Assert.Equal(("country", AlertSeverity.Warning), (alert.Column, alert.Severity));
        Assert.Contains("\"FR\"", alert.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EvaluateEmptyColumnIsAnErrorAndNothingElse()
    {
        var empty = Number("blank", 100, missing: 100) with { Type = ColumnType.Constant, Distinct = 0, Min = null, Max = null, Mean = null, Std = null, Skewness = null, Quantiles = null, TopValues = [] };
        var profile = Profile(100, Number("x", 100), empty);

        var alerts = ProfileAlerts.Evaluate(profile);

        var alert = Assert.Single(alerts);
        Assert.Equal((AlertTypes.Empty, "blank", AlertSeverity.Error), (alert.Type, alert.Column, alert.Severity));
        Assert.Contains("all 100 values are missing", alert.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EvaluateEmptyDatasetIsAnError()
    {
        var alert = Single(Profile(0) with { RowCount = 0 }, AlertTypes.Empty);

        Assert.Null(alert.Column);
        Assert.Equal(AlertSeverity.Error, alert.Severity);
    }

    [Theory]
    [InlineData(2, AlertSeverity.Info)]
    [InlineData(20, AlertSeverity.Warning)]
    [InlineData(70, AlertSeverity.Error)]
    public void EvaluateMissingValuesGrowsSeverityWithShare(long missing, string severity)
    {
        var alert = Single(Profile(100, Number("age", 100, missing)), AlertTypes.Missing);

        Assert.Equal(severity, alert.Severity);
        Assert.Contains($"{missing} missing values ({missing}%)", alert.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EvaluateMissingTargetIsAtLeastAWarning()
    {
        var profile = Profile(100, Number("x", 100), Number("price", 100, missing: 1));

        Assert.Equal(AlertSeverity.Warning, Single(profile, AlertTypes.Missing, "price").Severity);
        Assert.Equal(AlertSeverity.Info, Single(profile, AlertTypes.Missing).Severity);
    }

    [Fact]
    public void EvaluateZerosFiresAboveTenPercent()
    {
        var profile = Profile(100, Number("visits", 100) with { Type = ColumnType.Integer, Zeros = 30, Distinct = 40 });

        var alert = Single(profile, AlertTypes.Zeros);

        Assert.Contains("0 in 30 rows (30%)", alert.Message, StringComparison.Ordinal);
        Assert.Empty(ProfileAlerts.Evaluate(Profile(100, Number("visits", 100) with { Zeros = 10 })));
    }

    [Fact]
    public void EvaluateSkewedUsesSkewnessOrQuartiles()
    {
        var skewed = Single(Profile(100, Number("income", 100) with { Skewness = 3.4 }), AlertTypes.Skewed);
        var fromQuartiles = Single(Profile(100, Number("income", 100) with { Skewness = null, Quantiles = new(1, 2, 3, 4, 10, 50, 90) }), AlertTypes.Skewed);

        Assert.Contains("skewed (3.4)", skewed.Message, StringComparison.Ordinal);
        Assert.Contains("estimated from the quartiles", fromQuartiles.Message, StringComparison.Ordinal);
        Assert.Empty(ProfileAlerts.Evaluate(Profile(100, Number("income", 100) with { Skewness = -1.5 })));
    }

    [Fact]
    public void EvaluateImbalancedTargetWarns()
    {
        var profile = Profile(1000, Number("x", 1000), Category("fraud", 1000, ("no", 990), ("yes", 10)));

        Assert.Equal(AlertSeverity.Warning, Single(profile, AlertTypes.Imbalance, "fraud").Severity);
        Assert.Contains("1%", Single(profile, AlertTypes.Imbalance).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EvaluateUniformCategoriesAndHistogramAreNoted()
    {
        var categories = Profile(150, Category("species", 150, ("a", 50), ("b", 50), ("c", 50)));
        var histogram = Profile(100, Number("noise", 100) with { Histogram = new([0, 1, 2, 3, 4], [24, 26, 25, 25]) });

        Assert.Equal("species", Single(categories, AlertTypes.Uniform).Column);
        Assert.Equal("noise", Single(histogram, AlertTypes.Uniform).Column);
    }

    [Fact]
    public void EvaluateHighCardinalityUniqueAndConstantLength()
    {
        var codes = Enumerable.Range(0, 60).Select(i => ($"Z{i:000}", 1L)).ToArray();
        var profile = Profile(60, Category("zip", 60, codes));

        Assert.Equal(AlertSeverity.Warning, Single(profile, AlertTypes.HighCardinality).Severity);
        Assert.Contains("60 rows", Single(profile, AlertTypes.Unique).Message, StringComparison.Ordinal);
        Assert.Contains("4 characters", Single(profile, AlertTypes.ConstantLength).Message, StringComparison.Ordinal);
    }
}
