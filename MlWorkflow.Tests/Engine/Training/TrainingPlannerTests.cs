using MlWorkflow.Engine.Profiling;
using MlWorkflow.Engine.Suggestions;
using MlWorkflow.Engine.Targets;
using MlWorkflow.Engine.Training;
using MlWorkflow.Tests.Engine.Profiling;
using static MlWorkflow.Tests.Engine.Alerts.CraftedProfiles;

namespace MlWorkflow.Tests.Engine.Training;

public sealed class TrainingPlannerTests
{
    [Fact]
    public async Task PlanSmallSampleCrossValidatesAndCostsFiveFitsPerTrial()
    {
        var profile = await ProfileTestKit.ProfileSampleAsync("iris.csv");
        string[] algorithms = [MlNetTrainers.LightGbm, MlNetTrainers.LbfgsMaximumEntropy];

        var plan = TrainingPlanner.Plan(profile, "target", TargetTasks.Multiclass, algorithms, 60);

        Assert.Equal(150, plan.Rows);
        Assert.Equal(4, plan.Features);
        Assert.Equal(new ValidationInfo(ValidationInfo.CrossValidation, 5, null, 150), plan.Validation);
        Assert.Equal(algorithms, plan.Algorithms.Select(a => a.Algorithm));
        var fit = TrainingCostModel.ExpectedSeconds(MlNetTrainers.LightGbm, 120, 4, 3) - TrainingCostModel.OverheadSeconds + TrainingPlanner.FitSeconds(MlNetTrainers.LightGbm);
        Assert.Equal(Math.Round(5 * fit, 1), plan.Algorithms[0].ExpectedTrialSeconds);
        Assert.All(plan.Algorithms, a => Assert.InRange(a.ExpectedPeakMemoryMb, TrainingPlanner.BaseMemoryMb, TrainingPlanner.BaseMemoryMb + 1));
        Assert.Empty(plan.Warnings);
    }

    [Theory]
    [InlineData(19_999, "cv", null)]
    [InlineData(20_000, "holdout", 0.1)]
    [InlineData(100_000, "holdout", 0.025)]
    [InlineData(250_000, "holdout", 0.01)]
    [InlineData(5_000_000, "holdout", 0.01)]
    public void ValidationIsCrossValidationBelowTwentyThousandRowsElseAHoldoutOfAboutTwoAndAHalfThousand(long rows, string method, double? fraction)
    {
        var validation = TrainingPlanner.Validation(rows);

        Assert.Equal(method, validation.Method);
        Assert.Equal(fraction, validation.HoldoutFraction);
        Assert.Equal(method == "cv" ? 5 : null, validation.Folds);
        Assert.Equal(rows, validation.Rows);
    }

    [Fact]
    public void PlanCountsRowsWithATargetAndFitsOnTheHoldoutsComplement()
    {
        var rows = 150_000;
        var profile = Profile(rows, Number("a", rows), Number("b", rows), Number("y", rows, missing: 50_000));

        var plan = TrainingPlanner.Plan(profile, "y", TargetTasks.Regression, [MlNetTrainers.Sdca], 600);

        Assert.Equal(100_000, plan.Rows);
        Assert.Equal(2, plan.Features);
        Assert.Equal(new ValidationInfo(ValidationInfo.Holdout, null, 0.025, 100_000), plan.Validation);
        var fit = TrainingCostModel.ExpectedSeconds(MlNetTrainers.Sdca, 97_500, 2, 1) - TrainingCostModel.OverheadSeconds + TrainingPlanner.FitSeconds(MlNetTrainers.Sdca);
        Assert.Equal(Math.Round(fit, 1), plan.Algorithms.Single().ExpectedTrialSeconds);
    }

    [Fact]
    public void PlanManyClassesWarnsHowFewTrialsTheBudgetAllows()
    {
        var profile = Letters(16_000);

        var plan = TrainingPlanner.Plan(profile, "letter", TargetTasks.Multiclass, [MlNetTrainers.LightGbm], 300);

        // 12,800 training rows × 16 features × 26 classes: 21.3 s a fit + 0.05, five folds; the refit on 16,000 rows 26.7 s.
        Assert.Equal(106.8, plan.Algorithms.Single().ExpectedTrialSeconds);
        Assert.Equal(["26 classes and 16,000 rows: LightGbm trials ~107 s, 300 s allows ~2 trials; a larger budget tries more of its hyper-parameters."],
            plan.Warnings);
    }

    [Fact]
    public void PlanWarnsWhenTheBudgetAllowsNoTrialOfATrainer()
    {
        var profile = Letters(16_000);

        var plan = TrainingPlanner.Plan(profile, "letter", TargetTasks.Multiclass, [MlNetTrainers.LbfgsMaximumEntropy, MlNetTrainers.FastForest], 120);

        var warning = Assert.Single(plan.Warnings, w => w.Contains("fewer than one", StringComparison.Ordinal));
        Assert.StartsWith("A 120 s budget allows fewer than one trial of FastForest (~", warning, StringComparison.Ordinal);
        Assert.Contains("refit the best on all 16,000 rows): raise the budget to at least ", warning, StringComparison.Ordinal);
        Assert.EndsWith("or leave FastForest out.", warning, StringComparison.Ordinal);
        var needed = double.Parse(warning.Split("at least ")[1].Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        Assert.DoesNotContain(TrainingPlanner.Plan(profile, "letter", TargetTasks.Multiclass, [MlNetTrainers.FastForest], needed + 1).Warnings,
            w => w.Contains("fewer than one", StringComparison.Ordinal));
    }

    [Fact]
    public void PeakMemoryGrowsWithCellsClassesAndTheTrainersCopy()
    {
        var profile = Letters(16_000);

        var plan = TrainingPlanner.Plan(profile, "letter", TargetTasks.Multiclass,
            [MlNetTrainers.LightGbm, MlNetTrainers.FastTree, MlNetTrainers.LbfgsMaximumEntropy], 3_600);
        var bigger = TrainingPlanner.Plan(Letters(1_600_000), "letter", TargetTasks.Multiclass, [MlNetTrainers.LightGbm], 3_600);

        // 16,000 × 16 cells × 4 bytes × 2.5 + 16,000 × 26 scores × 8 bytes = 5.6 MiB over the base.
        Assert.Equal(206, plan.Algorithms[0].ExpectedPeakMemoryMb);
        Assert.True(plan.Algorithms[1].ExpectedPeakMemoryMb >= plan.Algorithms[0].ExpectedPeakMemoryMb);
        Assert.True(plan.Algorithms[2].ExpectedPeakMemoryMb < plan.Algorithms[0].ExpectedPeakMemoryMb);
        Assert.Equal(plan.Algorithms.Max(a => a.ExpectedPeakMemoryMb), plan.ExpectedPeakMemoryMb);
        Assert.Equal(Math.Round(TrainingPlanner.BaseMemoryMb + 1_600_000 * (16 * 4 * 2.5 + 26 * 8) / 1048576.0), bigger.ExpectedPeakMemoryMb);
    }

    [Fact]
    public void PlanFewRowsWarnsThatScoresAreNoisy()
    {
        var profile = Profile(40, Number("x", 40), Category("y", 40, ("a", 20), ("b", 20)));

        var plan = TrainingPlanner.Plan(profile, "y", TargetTasks.Binary, [MlNetTrainers.LbfgsLogisticRegression], 60);

        Assert.Equal(["Only 40 rows have a value in 'y': scores vary a lot between folds, so read the leaderboard's order with care."], plan.Warnings);
    }

    [Fact]
    public void PlanRefusesUnknownTargetTaskTrainerAndBudget()
    {
        var profile = Clean();
        string[] lbfgs = [MlNetTrainers.LbfgsLogisticRegression];

        Assert.Throws<ArgumentException>(() => TrainingPlanner.Plan(profile, "nope", TargetTasks.Binary, lbfgs, 60));
        Assert.Throws<ArgumentException>(() => TrainingPlanner.Plan(profile, "label", "ranking", lbfgs, 60));
        Assert.Throws<ArgumentException>(() => TrainingPlanner.Plan(profile, "label", TargetTasks.Binary, ["XgBoost"], 60));
        Assert.Throws<ArgumentException>(() => TrainingPlanner.Plan(profile, "label", TargetTasks.Binary, lbfgs, 0));
    }

    /// <summary>Like UCI "letter": 16 numeric features and a 26-class target.</summary>
    private static DatasetProfile Letters(long rows)
    {
        var features = Enumerable.Range(1, 16).Select(i => Number($"f{i}", rows));
        var letter = Category("letter", rows, [.. Enumerable.Range(0, 26).Select(i => (((char)('A' + i)).ToString(), rows / 26))]) with
        {
            Missing = 0,
            MissingPct = 0,
        };
        return Profile(rows, [.. features, letter]);
    }
}
