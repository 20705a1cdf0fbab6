using MlWorkflow.Engine.Profiling;
using MlWorkflow.Engine.Suggestions;
using MlWorkflow.Engine.Targets;
using MlWorkflow.Engine.Training;
using MlWorkflow.Tests.Engine.Profiling;
using static MlWorkflow.Tests.Engine.Alerts.CraftedProfiles;

namespace MlWorkflow.Tests.Engine.Suggestions;

public sealed class ModelRecommenderTests
{
    [Theory]
    [InlineData("iris.csv", TargetTasks.Multiclass, MlNetTrainers.LbfgsMaximumEntropy)]
    [InlineData("penguins.csv", TargetTasks.Multiclass, MlNetTrainers.LbfgsMaximumEntropy)]
    [InlineData("titanic.csv", TargetTasks.Binary, MlNetTrainers.LbfgsLogisticRegression)]
    [InlineData("cars.csv", TargetTasks.Regression, MlNetTrainers.Sdca)]
    [InlineData("diabetes.csv", TargetTasks.Regression, MlNetTrainers.Sdca)]
    public async Task RecommendSampleListsTrainersForItsTask(string file, string task, string linear)
    {
        var profile = await ProfileTestKit.ProfileSampleAsync(file);

        var recommendation = ModelRecommender.Recommend(profile, null);

        Assert.Equal(task, recommendation.Task);
        Assert.Contains(recommendation.Models, model => model.Algorithm == linear);
        Assert.Contains(recommendation.Models, model => model.Algorithm == MlNetTrainers.LightGbm);
        Assert.Equal(recommendation.Models.OrderByDescending(model => model.Confidence).Select(model => model.Confidence), recommendation.Models.Select(model => model.Confidence));
        Assert.All(recommendation.Models, model => Assert.InRange(model.ExpectedTrainSeconds, 1e-3, 60));
        Assert.All(recommendation.Models, model => Assert.Contains(" rows × ", model.Rationale, StringComparison.Ordinal));
    }

    [Fact]
    public void RecommendCountTargetOffersPoissonAndBigDataFavoursBoosting()
    {
        var counts = Number("visits", 2_000_000) with { Type = ColumnType.Integer, Min = 0, Max = 40, Distinct = 41 };
        var profile = Profile(2_000_000, Number("a", 2_000_000), Number("b", 2_000_000), counts);

        var recommendation = ModelRecommender.Recommend(profile, "visits");

        Assert.Equal(TargetTasks.Regression, recommendation.Task);
        Assert.Contains(recommendation.Models, model => model.Algorithm == MlNetTrainers.LbfgsPoissonRegression);
        Assert.Equal(MlNetTrainers.LightGbm, recommendation.Models[0].Algorithm);
        // Validated on a 1 % holdout: one fit of the first default on the other 1,980,000 rows.
        var fit = TrialCost.FitSeconds(MlNetTrainers.LightGbm, 1_980_000, 2, 1, TrainerSpec.Get(MlNetTrainers.LightGbm, TargetTasks.Regression, 2).Portfolio[0]);
        Assert.Equal(fit, recommendation.Models[0].ExpectedTrainSeconds, Tolerance(fit));
        AssertAgreesWithThePlan(profile, recommendation);
    }

    /// <summary>Below the holdout threshold a trial is five fits on four fifths of the rows, each class a model's worth of work.</summary>
    [Fact]
    public void ExpectedSecondsAreATrialOfTheFirstDefaultCrossValidated()
    {
        var grades = Number("grade", 5_000) with { Type = ColumnType.Integer, Min = 1, Max = 6, Distinct = 6 };
        var profile = Profile(5_000, Number("a", 5_000), Number("b", 5_000), grades);

        var recommendation = ModelRecommender.Recommend(profile, "grade");

        Assert.Equal(TargetTasks.Multiclass, recommendation.Task);
        foreach (var model in recommendation.Models)
        {
            var first = TrainerSpec.Get(model.Algorithm, TargetTasks.Multiclass, 6).Portfolio[0];
            var trial = 5 * TrialCost.FitSeconds(model.Algorithm, 4_000, 2, 6, first);
            Assert.Equal(trial, model.ExpectedTrainSeconds, Tolerance(trial));
        }
        AssertAgreesWithThePlan(profile, recommendation);
    }

    /// <summary>The dataset page and the Train panel's plan must not disagree on a trainer's cost or the features counted.</summary>
    [Theory]
    [InlineData("iris.csv")]
    [InlineData("penguins.csv")]
    [InlineData("titanic.csv")]
    [InlineData("cars.csv")]
    [InlineData("diabetes.csv")]
    public async Task ExpectedSecondsAreThePlansSecondsOfATrial(string file)
    {
        var profile = await ProfileTestKit.ProfileSampleAsync(file);

        var recommendation = ModelRecommender.Recommend(profile, null);

        AssertAgreesWithThePlan(profile, recommendation);
    }

    /// <summary>cars: five numbers and Origin's 3 categories; the free-text Name and the Year date reach training as nothing.</summary>
    [Fact]
    public async Task RationaleCountsTheFeaturesTheTrainingTableHolds()
    {
        var profile = await ProfileTestKit.ProfileSampleAsync("cars.csv");

        var recommendation = ModelRecommender.Recommend(profile, "Miles_per_Gallon");

        Assert.All(recommendation.Models, model => Assert.StartsWith("398 rows × 8 features: ", model.Rationale, StringComparison.Ordinal));
    }

    [Fact]
    public void RecommendWithoutAnyPossibleTargetIsEmpty()
    {
        var profile = Profile(100, Number("id", 100) with { Type = ColumnType.Identifier });

        var recommendation = ModelRecommender.Recommend(profile, null);

        Assert.Equal((null, null, 0), (recommendation.Target, recommendation.Task, recommendation.Models.Count));
    }

    [Fact]
    public void RecommendForAnotherTaskListsThatTasksTrainers()
    {
        var grades = Number("grade", 5_000) with { Type = ColumnType.Integer, Min = 1, Max = 6, Distinct = 6 };
        var profile = Profile(5_000, Number("a", 5_000), grades);

        var inferred = ModelRecommender.Recommend(profile, "grade");
        var regression = ModelRecommender.Recommend(profile, "grade", TargetTasks.Regression);

        Assert.Equal(TargetTasks.Multiclass, inferred.Task);
        Assert.Contains(inferred.Models, model => model.Algorithm == MlNetTrainers.LbfgsMaximumEntropy);
        Assert.Equal(TargetTasks.Regression, regression.Task);
        Assert.Contains(regression.Models, model => model.Algorithm == MlNetTrainers.LbfgsPoissonRegression);
        Assert.DoesNotContain(regression.Models, model => model.Algorithm == MlNetTrainers.LbfgsMaximumEntropy);
        AssertAgreesWithThePlan(profile, regression);
    }

    /// <summary>
    /// A budget below any trial's cost makes the plan give every trainer its first default's trial (the cheapest runs it
    /// alone, the others would not run): what the recommendation shows. The size in its rationales is the plan's.
    /// </summary>
    private static void AssertAgreesWithThePlan(DatasetProfile profile, ModelRecommendation recommendation)
    {
        Assert.NotEmpty(recommendation.Models);
        var plan = TrainingPlanner.Plan(profile, recommendation.Target!, recommendation.Task!, [.. recommendation.Models.Select(model => model.Algorithm)], 1e-6);
        Assert.Equal(
            plan.Algorithms.ToDictionary(planned => planned.Algorithm, planned => planned.ExpectedTrialSeconds),
            recommendation.Models.ToDictionary(model => model.Algorithm, model => model.ExpectedTrainSeconds));
        var size = $"{plan.Rows} rows × {plan.Features} features";
        Assert.All(recommendation.Models.Where(model => model.Algorithm != MlNetTrainers.LbfgsPoissonRegression),
            model => Assert.StartsWith(size, model.Rationale, StringComparison.Ordinal));
    }

    private static double Tolerance(double value) => Math.Max(1e-9, 0.051 * value);
}
