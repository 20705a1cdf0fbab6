using MlWorkflow.Engine.Alerts;
using MlWorkflow.Engine.Profiling;
using static MlWorkflow.Tests.Engine.Alerts.CraftedProfiles;

namespace MlWorkflow.Tests.Engine.Alerts;

public sealed class ProfileAlertsValueTests
{
    private static IReadOnlyList<ProfileAlert> Of(DatasetProfile profile, string type, string? target = null) =>
        ProfileAlerts.Evaluate(profile, target).Where(alert => alert.Type == type).ToList();

    [Fact]
    public void EvaluateIdentifierDateAndUnsupportedColumnsAreNamed()
    {
        var profile = Profile(100,
            Number("customer_id", 100) with { Type = ColumnType.Identifier, TopValues = null },
            new ColumnProfile { Name = "signup", Type = ColumnType.Datetime, Missing = 0, MissingPct = 0, Distinct = 90, DistinctIsEstimate = false, MinDate = "2020-01-01", MaxDate = "2024-12-31" },
            Category("review", 100, [.. Enumerable.Range(0, 100).Select(i => ($"review {i}", 1L))]) with { Type = ColumnType.Text, MaxLength = 5_000 });

        Assert.Equal("customer_id", Assert.Single(Of(profile, AlertTypes.Identifier)).Column);
        Assert.Contains("2020-01-01 to 2024-12-31", Assert.Single(Of(profile, AlertTypes.Date)).Message, StringComparison.Ordinal);
        Assert.Contains("5000 characters", Assert.Single(Of(profile, AlertTypes.Unsupported)).Message, StringComparison.Ordinal);
        Assert.Equal("review", Assert.Single(Of(profile, AlertTypes.Unique)).Column);
    }

    [Fact]
    public void EvaluateInfiniteCountWarnsWhateverTheTopValues()
    {
        var profile = Profile(100, Number("ratio", 100) with { Infinite = 5, ValueKinds = new(0, 100, 0, 0, 0) });

        var alert = Assert.Single(Of(profile, AlertTypes.Infinite));

        Assert.Contains("5 infinite values (5%", alert.Message, StringComparison.Ordinal);
        Assert.Empty(Of(Profile(100, Number("ratio", 100) with { Infinite = 0, TopValues = [new("inf", 4)] }), AlertTypes.Infinite));
        var codes = Profile(100, Category("unit", 100, ("INF", 50), ("CAV", 50)) with { Infinite = 50, ValueKinds = new(0, 50, 0, 0, 50) });
        Assert.Empty(Of(codes, AlertTypes.Infinite));
        Assert.Empty(Of(codes, AlertTypes.MixedTypes));
    }

    [Fact]
    public void EvaluateDisguisedMissingNumbersAtTheEdgeAndPlaceholderWords()
    {
        var sentinel = Profile(200, Number("income", 200) with { Min = -1, TopValues = [new("-1", 30), new("52000", 2)] });
        var inside = Profile(200, Number("temperature", 200) with { Min = -10, TopValues = [new("-1", 30), new("4", 20)] });
        var words = Profile(200, Category("job", 200, ("engineer", 100), ("Unknown", 60), ("nurse", 40)));

        Assert.Contains("\"-1\" ×30 (15%", Assert.Single(Of(sentinel, AlertTypes.DisguisedMissing)).Message, StringComparison.Ordinal);
        Assert.Empty(Of(inside, AlertTypes.DisguisedMissing));
        Assert.Contains("\"Unknown\" ×60", Assert.Single(Of(words, AlertTypes.DisguisedMissing)).Message, StringComparison.Ordinal);
        Assert.Empty(Of(Clean(), AlertTypes.DisguisedMissing));
    }

    [Fact]
    public void EvaluateMixedTypesInStringAndNumericColumns()
    {
        var strings = Profile(100, Category("size", 100, ("12", 40), ("14", 30), ("large", 30)) with { ValueKinds = new(70, 0, 0, 0, 30) });
        var numbers = Profile(100, Number("weight", 100) with { ValueKinds = new(0, 98, 0, 0, 2), TopValues = [new("12.5", 3), new("heavy", 2)] });
        var rareOdd = Profile(100, Number("weight", 100) with { ValueKinds = new(0, 99, 0, 0, 1), TopValues = [new("12.5", 3)] });
        var mostlyWords = Profile(100, Category("size", 100, ("large", 97), ("12", 3)) with { ValueKinds = new(3, 0, 0, 0, 97) });

        Assert.Contains("mixes numbers (70%", Assert.Single(Of(strings, AlertTypes.MixedTypes)).Message, StringComparison.Ordinal);
        Assert.Contains("\"large\" ×30", Assert.Single(Of(strings, AlertTypes.MixedTypes)).Message, StringComparison.Ordinal);
        Assert.Contains("2 of its 100 values are not (2 text such as \"heavy\" ×2)", Assert.Single(Of(numbers, AlertTypes.MixedTypes)).Message, StringComparison.Ordinal);
        Assert.Contains("1 of its 100 values are not (1 text)", Assert.Single(Of(rareOdd, AlertTypes.MixedTypes)).Message, StringComparison.Ordinal);
        Assert.Empty(Of(mostlyWords, AlertTypes.MixedTypes));
        Assert.Empty(Of(Profile(100, Number("weight", 100) with { ValueKinds = new(0, 100, 0, 0, 0) }), AlertTypes.MixedTypes));
    }

    [Fact]
    public void EvaluateDuplicateRowsAreCountedWithShare()
    {
        var alert = Assert.Single(Of(Clean() with { DuplicateRows = 7 }, AlertTypes.Duplicates));

        Assert.Null(alert.Column);
        Assert.StartsWith("7 rows (7%)", alert.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EvaluateLeakyColumnIsAnErrorForTheChosenTargetAndHighCorrelationForFeatures()
    {
        string[] names = ["height", "weight", "label_copy", "label"];
        var profile = Profile(100, Number("height", 100), Number("weight", 100), Category("label_copy", 100, ("y", 61), ("n", 39)), Category("label", 100, ("yes", 60), ("no", 40)))
            with { Correlations = Matrix(names, ("label_copy", "label", 0.98), ("height", "weight", 0.93)) };

        var leak = Assert.Single(Of(profile, AlertTypes.TargetLeakage, "label"));
        var guessed = Assert.Single(Of(profile, AlertTypes.TargetLeakage));
        var correlated = Assert.Single(Of(profile, AlertTypes.HighCorrelation, "label"));

        Assert.Equal(("label_copy", AlertSeverity.Error), (leak.Column, leak.Severity));
        Assert.Contains("association 0.98", leak.Message, StringComparison.Ordinal);
        Assert.Equal(("label_copy", AlertSeverity.Warning), (guessed.Column, guessed.Severity));
        Assert.Contains("`weight` (0.93", correlated.Message, StringComparison.Ordinal);
        Assert.Equal(AlertTypes.TargetLeakage, ProfileAlerts.Evaluate(profile, "label")[0].Type);
        Assert.Empty(Of(profile with { Correlations = Matrix(names, ("label_copy", "label", 0.9)) }, AlertTypes.TargetLeakage, "label"));
    }

    [Theory]
    [InlineData(0.97, false)]
    [InlineData(0.995, true)]
    public void EvaluateNumberAgainstCategoryTargetNeedsANearExactDependenceForLeakage(double association, bool leak)
    {
        string[] names = ["petal_width", "species"];
        var profile = Profile(150, Number("petal_width", 150), Category("species", 150, ("a", 50), ("b", 50), ("c", 50)))
            with { Correlations = Matrix(names, ("petal_width", "species", association)) };

        Assert.Equal(leak, Of(profile, AlertTypes.TargetLeakage, "species").Count == 1);
    }

    [Fact]
    public void EvaluateUnknownTargetThrowsNamingTheColumns()
    {
        var error = Assert.Throws<ArgumentException>(() => ProfileAlerts.Evaluate(Clean(), "nope"));

        Assert.Contains("height, colour, label", error.Message, StringComparison.Ordinal);
    }
}
