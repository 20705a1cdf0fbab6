using MlWorkflow.Engine.Profiling;
using MlWorkflow.Engine.Suggestions;
using MlWorkflow.Engine.Targets;
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
        Assert.All(recommendation.Models, model => Assert.InRange(model.ExpectedTrainSeconds, TrainingCostModel.OverheadSeconds, 60));
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
        Assert.Equal(TrainingCostModel.ExpectedSeconds(MlNetTrainers.LightGbm, 2_000_000, 2, 1), recommendation.Models[0].ExpectedTrainSeconds);
    }

    [Fact]
    public void ExpectedSecondsGrowWithRowsFeaturesAndClasses()
    {
        var small = TrainingCostModel.ExpectedSeconds(MlNetTrainers.LightGbm, 10_000, 10, 1);

        Assert.Equal(TrainingCostModel.OverheadSeconds + 0.4, small, 6);
        Assert.True(TrainingCostModel.ExpectedSeconds(MlNetTrainers.LightGbm, 100_000, 10, 1) > small);
        Assert.True(TrainingCostModel.ExpectedSeconds(MlNetTrainers.LightGbm, 10_000, 40, 1) > small);
        Assert.True(TrainingCostModel.ExpectedSeconds(MlNetTrainers.LightGbm, 10_000, 10, 5) > small);
        Assert.Equal(
            TrainingCostModel.ExpectedSeconds(MlNetTrainers.LbfgsLogisticRegression, 10_000, 10, 1),
            TrainingCostModel.ExpectedSeconds(MlNetTrainers.LbfgsLogisticRegression, 10_000, 10, 5));
        Assert.Throws<ArgumentException>(() => TrainingCostModel.ExpectedSeconds("Xgboost", 1, 1, 1));
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
    }
}
