using MlWorkflow.Engine.Profiling;
using MlWorkflow.Engine.Suggestions;
using static MlWorkflow.Tests.Engine.Alerts.CraftedProfiles;

namespace MlWorkflow.Tests.Engine.Suggestions;

/// <summary>Suggestions read the profile's exact counts: infinities and non-numbers in number columns.</summary>
public sealed class PipelineSuggesterEvidenceTests
{
    private static DatasetProfile WithLabel(params ColumnProfile[] columns) =>
        Profile(100, [.. columns, Category("label", 100, ("yes", 60), ("no", 40))]);

    private static string[] AlsoMissing(PipelineStep step) =>
        step.Params.TryGetValue("also_missing", out var values) ? [.. values.EnumerateArray().Select(value => value.GetString()!)] : [];

    [Fact]
    public void SuggestImputesInfinitiesAndNonNumbersInNumberColumnsAsMissing()
    {
        var profile = WithLabel(
            Number("ratio", 100) with { Infinite = 8, ValueKinds = new(0, 100, 0, 0, 0) },
            Number("reading", 100, missing: 10) with { ValueKinds = new(0, 88, 0, 0, 2) },
            Number("height", 100) with { Infinite = 0, ValueKinds = new(0, 100, 0, 0, 0) });

        var impute = PipelineSuggester.Suggest(profile, "label").Steps.Where(step => step.Op == PipelineOps.Impute).ToList();

        var ratio = Assert.Single(impute, step => step.Columns.Contains("ratio"));
        Assert.Equal(["infinite"], AlsoMissing(ratio));
        Assert.StartsWith("`ratio` has 8 infinite values read as missing and roughly symmetric", ratio.Rationale, StringComparison.Ordinal);
        var reading = Assert.Single(impute, step => step.Columns.Contains("reading"));
        Assert.Equal(["non_numeric"], AlsoMissing(reading));
        Assert.StartsWith("`reading` is 10% missing, plus 2 non-numeric values read as missing", reading.Rationale, StringComparison.Ordinal);
        Assert.DoesNotContain(impute, step => step.Columns.Contains("height"));
    }

    [Fact]
    public void SuggestImputeWithoutOddValuesHasNoAlsoMissing()
    {
        var profile = WithLabel(Number("age", 100, missing: 5) with { Infinite = 0, ValueKinds = new(0, 95, 0, 0, 0) });

        var step = Assert.Single(PipelineSuggester.Suggest(profile, "label").Steps, step => step.Op == PipelineOps.Impute);

        Assert.Empty(AlsoMissing(step));
        Assert.StartsWith("`age` is 5% missing and", step.Rationale, StringComparison.Ordinal);
    }
}
