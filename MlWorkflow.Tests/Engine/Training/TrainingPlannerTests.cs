using MlWorkflow.Engine.Profiling;
using MlWorkflow.Engine.Suggestions;
using MlWorkflow.Engine.Targets;
using MlWorkflow.Engine.Training;
using MlWorkflow.Tests.Engine.Profiling;
using static MlWorkflow.Tests.Engine.Alerts.CraftedProfiles;

namespace MlWorkflow.Tests.Engine.Training;

public sealed class TrainingPlannerTests
{
    /// <summary>A budget that pays for one trial only: each trainer is planned at its first default, five folds of 120 rows three times over.</summary>
    [Fact]
    public async Task PlanSmallSampleCrossValidatesThreeTimesAndCostsFifteenFitsPerTrial()
    {
        var profile = await ProfileTestKit.ProfileSampleAsync("iris.csv");
        string[] algorithms = [MlNetTrainers.LightGbm, MlNetTrainers.LbfgsMaximumEntropy];

        var plan = TrainingPlanner.Plan(profile, "target", TargetTasks.Multiclass, algorithms, 0.01);

        Assert.Equal(150, plan.Rows);
        Assert.Equal(4, plan.Features);
        Assert.Equal(new ValidationInfo(ValidationInfo.CrossValidation, 5, null, 150) { Repeats = 3 }, plan.Validation);
        Assert.Equal(algorithms, plan.Algorithms.Select(a => a.Algorithm));
        foreach (var planned in plan.Algorithms)
        {
            var first = TrainerSpec.Get(planned.Algorithm, TargetTasks.Multiclass, 3).Portfolio[0];
            Assert.Equal(15 * TrialCost.FitSeconds(planned.Algorithm, 120, 4, 3, first), planned.ExpectedTrialSeconds, Tolerance(planned.ExpectedTrialSeconds));
        }
        Assert.All(plan.Algorithms, a => Assert.InRange(a.ExpectedPeakMemoryMb, TrainingPlanner.BaseMemoryMb + TrainingPlanner.SearchMemoryMb, TrainingPlanner.BaseMemoryMb + 200));
    }

    /// <summary>
    /// With a long budget the search runs LightGbm's whole portfolio (a small, a medium and a large default) and walks
    /// around it, so the planned trial costs more than the first default and no more than the dearest one.
    /// </summary>
    [Fact]
    public async Task ALongBudgetPlansThePortfolioAndTheLocalSearchNotTheFirstDefault()
    {
        var profile = await ProfileTestKit.ProfileSampleAsync("titanic.csv");
        var portfolio = TrainerSpec.Get(MlNetTrainers.LightGbm, TargetTasks.Binary, 2).Portfolio;

        var brief = TrainingPlanner.Plan(profile, "survived", TargetTasks.Binary, [MlNetTrainers.LightGbm], 0.01).Algorithms.Single().ExpectedTrialSeconds;
        var plan = TrainingPlanner.Plan(profile, "survived", TargetTasks.Binary, [MlNetTrainers.LightGbm], 3_600);
        var planned = plan.Algorithms.Single().ExpectedTrialSeconds;

        // 1,309 rows: five fits of 1,047.
        var costs = portfolio.Select(config => 5 * TrialCost.FitSeconds(MlNetTrainers.LightGbm, 1047, plan.Features, 1, config)).ToList();
        Assert.Equal(costs[0], brief, Tolerance(brief));
        Assert.True(costs[0] < costs[1] && costs[1] < costs[2], string.Join(", ", costs));
        Assert.InRange(planned, 1.5 * costs[0], costs[2]);
    }

    /// <summary>The schedule the plan replays: portfolios interleaved, cheapest trainer first, no trial started past the budget, then local steps.</summary>
    [Fact]
    public void ExpectedTrialsReplayThePortfolioWithinTheBudgetThenShareTheRest()
    {
        var lightGbm = TrainerSpec.Get(MlNetTrainers.LightGbm, TargetTasks.Binary, 2);
        var logistic = TrainerSpec.Get(MlNetTrainers.LbfgsLogisticRegression, TargetTasks.Binary, 2);
        // A fit's seconds: LightGbm by its rounds (0.5, 1 and 3 s for its three defaults), the linear model 0.1 s.
        double Fit(TrainerSpec spec, IReadOnlyDictionary<string, double> config) => spec == lightGbm ? config["NumberOfIterations"] / 100 : 0.1;

        var one = TrainingPlanner.ExpectedTrials([lightGbm, logistic], seconds => seconds, Fit, 0.01);
        var tight = TrainingPlanner.ExpectedTrials([lightGbm, logistic], seconds => seconds, Fit, 1.5);
        var roomy = TrainingPlanner.ExpectedTrials([lightGbm, logistic], seconds => 5 * seconds, Fit, 1_000);

        // The first trial always runs (the cheaper trainer's); LightGbm does not, and is planned at its first default.
        Assert.Equal((0.1, 1), one[MlNetTrainers.LbfgsLogisticRegression]);
        Assert.Equal((0.5, 0), one[MlNetTrainers.LightGbm]);
        // 1.5 s less a 0.225 s reserve: the three linear defaults and LightGbm's first (0.8 s) fit; its 1 s and 3 s do not,
        // and the 0.475 s left go to local steps.
        Assert.Equal(0.1, tight[MlNetTrainers.LbfgsLogisticRegression].Seconds, 1e-9);
        Assert.True(tight[MlNetTrainers.LbfgsLogisticRegression].Trials > 3, $"{tight[MlNetTrainers.LbfgsLogisticRegression]}");
        Assert.InRange(tight[MlNetTrainers.LightGbm].Trials, 1.01, 1.99);
        Assert.InRange(tight[MlNetTrainers.LightGbm].Seconds, 0.5, 1);
        Assert.InRange(roomy[MlNetTrainers.LightGbm].Seconds, 5 * 0.5, 5 * 3);
        Assert.True(roomy[MlNetTrainers.LightGbm].Seconds > 5 * 1, $"{roomy[MlNetTrainers.LightGbm]}: mostly local steps around the three defaults");
        Assert.Equal(0.5, roomy[MlNetTrainers.LbfgsLogisticRegression].Seconds, 1e-9);
        Assert.True(roomy[MlNetTrainers.LbfgsLogisticRegression].Trials > roomy[MlNetTrainers.LightGbm].Trials, "equal time, cheaper trials");
    }

    [Theory]
    [InlineData(999, "cv", null)]
    [InlineData(19_999, "cv", null)]
    [InlineData(20_000, "holdout", 0.1)]
    [InlineData(100_000, "holdout", 0.025)]
    [InlineData(250_000, "holdout", 0.01)]
    [InlineData(5_000_000, "holdout", 0.01)]
    public void PlanValidatesAsTheSearchDoesCrossValidationBelowTwentyThousandRowsElseAHoldoutOfAboutTwoAndAHalfThousand(long rows, string method, double? fraction)
    {
        var profile = Profile(rows, Number("x", rows), Number("y", rows));

        var validation = TrainingPlanner.Plan(profile, "y", TargetTasks.Regression, [MlNetTrainers.Sdca], 60).Validation;

        Assert.Equal(Folds.Choose(rows), validation);
        Assert.Equal(method, validation.Method);
        Assert.Equal(fraction, validation.HoldoutFraction);
        Assert.Equal(method == "cv" ? 5 : (int?)null, validation.Folds);
        Assert.Equal(rows < 1_000 ? 3 : (int?)null, validation.Repeats);
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
        // One fit a trial; SDCA's hyper-parameters do not change its cost, so every trial is its first default's.
        var fit = TrialCost.FitSeconds(MlNetTrainers.Sdca, 97_500, 2, 1, TrainerSpec.Get(MlNetTrainers.Sdca, TargetTasks.Regression, 0).Portfolio[0]);
        Assert.Equal(fit, plan.Algorithms.Single().ExpectedTrialSeconds, Tolerance(fit));
    }

    [Fact]
    public void PlanManyClassesWarnsHowFewTrialsTheBudgetAllows()
    {
        var profile = Letters(16_000);

        var plan = TrainingPlanner.Plan(profile, "letter", TargetTasks.Multiclass, [MlNetTrainers.LightGbm], 300);

        // 12,800 training rows × 16 features × 26 classes, five folds a trial; the refit of the first default on 16,000 rows.
        var trial = plan.Algorithms.Single().ExpectedTrialSeconds;
        var refit = TrialCost.FitSeconds(MlNetTrainers.LightGbm, 16_000, 16, 26, TrainerSpec.Get(MlNetTrainers.LightGbm, TargetTasks.Multiclass, 26).Portfolio[0]);
        var trials = Math.Floor((300 - TrainingPlanner.ColdStartSeconds - refit) / trial);
        Assert.InRange(trials, 1, TrainingPlanner.FewTrials - 1);
        Assert.Equal([$"26 classes and 16,000 rows: LightGbm trials ~{trial:N0} s, 300 s allows ~{trials:0} {(trials == 1 ? "trial" : "trials")}; "
            + "a larger budget tries more of its hyper-parameters."], plan.Warnings);
    }

    [Fact]
    public void PlanWarnsWhenTheBudgetAllowsNoTrialOfATrainer()
    {
        var profile = Letters(16_000);

        var plan = TrainingPlanner.Plan(profile, "letter", TargetTasks.Multiclass, [MlNetTrainers.LbfgsMaximumEntropy, MlNetTrainers.FastForest], 30);

        var warning = Assert.Single(plan.Warnings, w => w.Contains("fewer than one", StringComparison.Ordinal));
        Assert.StartsWith("A 30 s budget allows fewer than one trial of FastForest (~", warning, StringComparison.Ordinal);
        Assert.Contains("refit the best on all 16,000 rows): raise the budget to at least ", warning, StringComparison.Ordinal);
        Assert.EndsWith("or leave FastForest out.", warning, StringComparison.Ordinal);
        var needed = double.Parse(warning.Split("at least ")[1].Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        Assert.DoesNotContain(TrainingPlanner.Plan(profile, "letter", TargetTasks.Multiclass, [MlNetTrainers.FastForest], needed + 1).Warnings,
            w => w.Contains("fewer than one", StringComparison.Ordinal));
    }

    /// <summary>
    /// Peak memory: the process, the search's own headroom, the matrix with the trainer's working copy, and the pool of
    /// kept candidates (their fold models: every leaf of every tree, one tree per class a round; their predictions).
    /// </summary>
    [Fact]
    public void PeakMemoryGrowsWithCellsClassesTheTrainersCopyAndTheKeptModels()
    {
        var profile = Letters(16_000);

        var plan = TrainingPlanner.Plan(profile, "letter", TargetTasks.Multiclass,
            [MlNetTrainers.LightGbm, MlNetTrainers.FastTree, MlNetTrainers.LbfgsMaximumEntropy], 3_600);
        var bigger = TrainingPlanner.Plan(Letters(1_600_000), "letter", TargetTasks.Multiclass, [MlNetTrainers.LightGbm], 3_600);

        var floor = TrainingPlanner.BaseMemoryMb + TrainingPlanner.SearchMemoryMb;
        // 20 kept candidates' predictions: 16,000 rows × 26 classes × 8 bytes each. The linear model's 5 fold models are
        // small; the trees' (26 classes × up to hundreds of rounds) weigh far more.
        var predictionsMb = 20 * 16_000 * 26 * 8 / 1048576.0;
        Assert.InRange(plan.Algorithms[2].ExpectedPeakMemoryMb, floor + predictionsMb, floor + predictionsMb + 20);
        Assert.True(plan.Algorithms[0].ExpectedPeakMemoryMb > plan.Algorithms[2].ExpectedPeakMemoryMb + 100, $"{plan.Algorithms[0]}");
        Assert.True(plan.Algorithms[1].ExpectedPeakMemoryMb > plan.Algorithms[2].ExpectedPeakMemoryMb + 100, $"{plan.Algorithms[1]}");
        Assert.Equal(plan.Algorithms.Max(a => a.ExpectedPeakMemoryMb), plan.ExpectedPeakMemoryMb);
        // 26 classes' boosted trees would fill the pool beyond its memory bound, which the search keeps to: so does the plan
        // (the matrix, its working copy and the scores are 16,000 × (16 × 4 × 2.5 + 26 × 8) bytes, under 6 MiB).
        Assert.InRange(plan.Algorithms[0].ExpectedPeakMemoryMb, floor + ModelSearch.PoolMemoryMb, floor + ModelSearch.PoolMemoryMb + 6);
        // 1,600,000 × 16 cells × 4 bytes × 2.5 + 1,600,000 × 26 scores × 8 bytes; a holdout of 16,000 rows to predict.
        Assert.Equal(ValidationInfo.Holdout, bigger.Validation.Method);
        Assert.InRange(bigger.ExpectedPeakMemoryMb - floor - (1_600_000 * ((16 * 4 * 2.5) + (26 * 8)) / 1048576.0), 16_000 * 26 * 8 / 1048576.0, 20_000);
    }

    /// <summary>A tree ensemble's models hold every leaf of every tree; a linear model holds one weight a feature.</summary>
    [Fact]
    public void TreeEnsemblesArePlannedHeavierThanLinearModels()
    {
        var rows = 400;
        var profile = Profile(rows, Number("a", rows), Number("b", rows), Number("y", rows));

        var plan = TrainingPlanner.Plan(profile, "y", TargetTasks.Regression, [MlNetTrainers.FastForest, MlNetTrainers.LightGbm, MlNetTrainers.Sdca], 60);

        var (forest, boosted, linear) = (plan.Algorithms[0].ExpectedPeakMemoryMb, plan.Algorithms[1].ExpectedPeakMemoryMb, plan.Algorithms[2].ExpectedPeakMemoryMb);
        Assert.True(forest > linear, $"FastForest {forest} MiB, Sdca {linear} MiB");
        Assert.True(boosted > linear, $"LightGbm {boosted} MiB, Sdca {linear} MiB");
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

    /// <summary>The plan rounds to two significant digits.</summary>
    private static double Tolerance(double value) => Math.Max(1e-9, 0.051 * value);

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
