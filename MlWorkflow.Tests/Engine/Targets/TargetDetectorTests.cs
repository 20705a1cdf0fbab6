using MlWorkflow.Engine.Profiling;
using MlWorkflow.Engine.Targets;
using MlWorkflow.Tests.Engine.Profiling;
using static MlWorkflow.Tests.Engine.Alerts.CraftedProfiles;

namespace MlWorkflow.Tests.Engine.Targets;

public sealed class TargetDetectorTests
{
    [Theory]
    [InlineData("iris.csv", "target", TargetTasks.Multiclass)]
    [InlineData("penguins.csv", "species", TargetTasks.Multiclass)]
    [InlineData("titanic.csv", "survived", TargetTasks.Binary)]
    [InlineData("cars.csv", "Miles_per_Gallon", TargetTasks.Regression)]
    [InlineData("diabetes.csv", "target", TargetTasks.Regression)]
    public async Task DetectSamplePicksTheNaturalTargetFirst(string file, string column, string task)
    {
        var profile = await ProfileTestKit.ProfileSampleAsync(file);

        var candidates = TargetDetector.Detect(profile);

        Assert.Equal((column, task), (candidates[0].Column, candidates[0].Task));
        Assert.True(candidates[0].Confidence > candidates[1].Confidence, $"{candidates[0]} should beat {candidates[1]}");
        Assert.All(candidates, candidate => Assert.InRange(candidate.Confidence, 0, 1));
        Assert.Equal(candidates.OrderByDescending(candidate => candidate.Confidence).Select(candidate => candidate.Column), candidates.Select(candidate => candidate.Column));
        Assert.InRange(candidates.Count, 2, TargetDetector.MaxCandidates);
    }

    [Fact]
    public async Task DetectPenguinsExplainsSpeciesFromTheEvidence()
    {
        var profile = await ProfileTestKit.ProfileSampleAsync("penguins.csv");

        var species = TargetDetector.Detect(profile)[0];

        Assert.Equal("categorical with 3 classes, imbalanced (smallest 19.8%), named like a common target, first column, no missing values", species.Rationale);
    }

    [Fact]
    public async Task DetectNeverOffersIdentifiersTextOrDates()
    {
        var titanic = TargetDetector.Detect(await ProfileTestKit.ProfileSampleAsync("titanic.csv"));
        var cars = TargetDetector.Detect(await ProfileTestKit.ProfileSampleAsync("cars.csv"));

        Assert.DoesNotContain(titanic, candidate => candidate.Column == "name");
        Assert.DoesNotContain(cars, candidate => candidate.Column is "Name" or "Year");
    }

    [Fact]
    public void DetectPrefersALabelNameOverTheLastColumnAndPenalisesMissingTargets()
    {
        var profile = Profile(1000,
            Category("churn", 1000, ("no", 700), ("yes", 300)),
            Number("tenure", 1000),
            Category("plan", 1000, ("basic", 500), ("pro", 300), ("max", 200)));
        var missing = profile with { Columns = [profile.Columns[0] with { Missing = 300, MissingPct = 30 }, .. profile.Columns.Skip(1)] };

        var candidates = TargetDetector.Detect(profile);

        Assert.Equal(["churn", "plan", "tenure"], candidates.Select(candidate => candidate.Column));
        Assert.Equal((TargetTasks.Binary, TargetTasks.Multiclass, TargetTasks.Regression), (candidates[0].Task, candidates[1].Task, candidates[2].Task));
        Assert.Contains("last column", candidates[1].Rationale, StringComparison.Ordinal);
        Assert.True(TargetDetector.Detect(missing).Single(candidate => candidate.Column == "churn").Confidence < candidates[0].Confidence);
        Assert.Contains("30% missing", TargetDetector.Detect(missing).Single(candidate => candidate.Column == "churn").Rationale, StringComparison.Ordinal);
    }

    [Fact]
    public void DetectPimaStyleOutcomeOfZerosAndOnesIsBinary()
    {
        var integer = (string name, long distinct) => Number(name, 768) with { Type = ColumnType.Integer, Distinct = distinct };
        var profile = Profile(768, integer("Pregnancies", 17), integer("Glucose", 136), Number("BMI", 768), integer("Age", 52), integer("Outcome", 2));

        var best = TargetDetector.Detect(profile)[0];

        Assert.Equal(("Outcome", TargetTasks.Binary), (best.Column, best.Task));
        Assert.Contains("named like a label, last column", best.Rationale, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ColumnType.Boolean, 2, TargetTasks.Binary)]
    [InlineData(ColumnType.Integer, 2, TargetTasks.Binary)]
    [InlineData(ColumnType.Integer, 7, TargetTasks.Multiclass)]
    [InlineData(ColumnType.Integer, 300, TargetTasks.Regression)]
    [InlineData(ColumnType.Numeric, 300, TargetTasks.Regression)]
    [InlineData(ColumnType.Categorical, 2, TargetTasks.Binary)]
    [InlineData(ColumnType.Categorical, 12, TargetTasks.Multiclass)]
    [InlineData(ColumnType.Categorical, 80, null)]
    [InlineData(ColumnType.Text, 900, null)]
    [InlineData(ColumnType.Identifier, 1000, null)]
    [InlineData(ColumnType.Datetime, 40, null)]
    [InlineData(ColumnType.Constant, 1, null)]
    public void TaskForFollowsTypeAndCardinality(ColumnType type, long distinct, string? task)
    {
        var column = Number("c", 1000) with { Type = type, Distinct = distinct };

        Assert.Equal(task, TargetDetector.TaskFor(column));
    }
}
