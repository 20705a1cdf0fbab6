using MlWorkflow.Engine.Suggestions;
using MlWorkflow.Engine.Targets;
using MlWorkflow.Tests.Engine.Profiling;

namespace MlWorkflow.Tests.Engine.Suggestions;

public sealed class PipelineSuggesterSampleTests
{
    [Fact]
    public async Task SuggestTitanicDropsTheNameImputesAgeAndEncodesCategories()
    {
        var profile = await ProfileTestKit.ProfileSampleAsync("titanic.csv");

        var pipeline = PipelineSuggester.Suggest(profile, null);

        Assert.Equal(("survived", TargetTasks.Binary), (pipeline.Target, pipeline.Task));
        Assert.Equal(["name"], Assert.Single(pipeline.Steps, step => step.Op == PipelineOps.DropColumns).Columns);
        var age = Assert.Single(pipeline.Steps, step => step.Op == PipelineOps.Impute);
        Assert.Equal(["age"], age.Columns);
        Assert.Contains(age.Params["strategy"].GetString(), new[] { "mean", "median" });
        Assert.StartsWith("`age` is 20.1% missing", age.Rationale, StringComparison.Ordinal);
        Assert.Equal(["sex", "passengerClass"], Assert.Single(pipeline.Steps, step => step.Op == PipelineOps.OneHot).Columns);
    }

    [Fact]
    public async Task SuggestCarsDropsRowsWithoutTargetAndSplitsDatesAndText()
    {
        var profile = await ProfileTestKit.ProfileSampleAsync("cars.csv");

        var pipeline = PipelineSuggester.Suggest(profile, null);

        Assert.Equal(("Miles_per_Gallon", TargetTasks.Regression), (pipeline.Target, pipeline.Task));
        var dropTarget = Assert.Single(pipeline.Steps, step => step.Op == PipelineOps.DropMissingTarget);
        Assert.Contains("missing in 8 rows", dropTarget.Rationale, StringComparison.Ordinal);
        Assert.Equal(["Year"], Assert.Single(pipeline.Steps, step => step.Op == PipelineOps.DateParts).Columns);
        Assert.Equal(["Name"], Assert.Single(pipeline.Steps, step => step.Op == PipelineOps.TextFeatures).Columns);
        Assert.Equal(["Origin"], Assert.Single(pipeline.Steps, step => step.Op == PipelineOps.OneHot).Columns);
        Assert.Equal(["Horsepower"], Assert.Single(pipeline.Steps, step => step.Op == PipelineOps.Impute).Columns);
    }

    [Theory]
    [InlineData("iris.csv")]
    [InlineData("penguins.csv")]
    [InlineData("titanic.csv")]
    [InlineData("cars.csv")]
    [InlineData("diabetes.csv")]
    public async Task SuggestSampleGivesExplainedStepsWithUniqueIds(string file)
    {
        var profile = await ProfileTestKit.ProfileSampleAsync(file);

        var pipeline = PipelineSuggester.Suggest(profile, null);

        Assert.NotEmpty(pipeline.Steps);
        Assert.Equal(pipeline.Steps.Count, pipeline.Steps.Select(step => step.Id).Distinct().Count());
        Assert.All(pipeline.Steps.Where(step => step.Columns.Count > 0), step => Assert.Contains('`', step.Rationale));
        Assert.All(pipeline.Steps, step => Assert.Matches("[0-9]", step.Rationale));
        Assert.All(pipeline.Steps, step => Assert.InRange(step.Confidence, 0.01, 1));
        var features = profile.Columns.Select(column => column.Name).Where(name => name != pipeline.Target).ToHashSet();
        Assert.All(pipeline.Steps.Where(step => step.Op != PipelineOps.DropMissingTarget), step => Assert.Subset(features, step.Columns.ToHashSet()));
    }
}
