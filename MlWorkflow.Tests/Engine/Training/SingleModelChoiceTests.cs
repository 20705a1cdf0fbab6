using MlWorkflow.Engine.Training;
using Option = MlWorkflow.Engine.Training.SingleModelChoice.Option;

namespace MlWorkflow.Tests.Engine.Training;

/// <summary>The one-standard-error rule on paired folds, on crafted candidates: noisy ties go to the simpler model, real gaps do not.</summary>
public sealed class SingleModelChoiceTests
{
    [Fact]
    public void ANoisyTieWithALinearModelResolvesToTheLinearModel()
    {
        // Penguins-like: five folds of 55 rows; the tree is a row better on one fold and a row worse on another.
        Option[] options =
        [
            new(5, 0.9956, [1, 1, 1, 0.978, 1], Linear: false, PlannedSeconds: 0.4),
            new(3, 0.9940, [1, 1, 0.989, 0.978, 1], Linear: false, PlannedSeconds: 0.1),
            new(9, 0.9934, [1, 0.989, 1, 0.978, 0.989], Linear: true, PlannedSeconds: 0.02),
        ];

        var (best, chosen, standardError) = SingleModelChoice.Choose(options);

        Assert.Equal(0, best);
        Assert.Equal(2, chosen);
        // Differences 0, 0.011, 0, 0, 0.011: their standard deviation 0.00602 over √5.
        Assert.Equal(0.00269, standardError, 5);
        Assert.True(options[best].Objective - options[chosen].Objective <= standardError);
    }

    /// <summary>
    /// The best model's own folds vary a lot (one fold is hard for every model), but the simpler one is behind on every
    /// fold: the spread of the differences, not of the scores, says whether that is noise.
    /// </summary>
    [Fact]
    public void AModelBehindOnEveryFoldIsNotATieHoweverNoisyTheFolds()
    {
        double[] folds = [-3.0, -3.9, -3.3, -4.7, -3.5];
        Option[] options =
        [
            new(1, -3.68, folds, Linear: false, PlannedSeconds: 0.5),
            new(2, -3.88, [.. folds.Select((f, i) => f - 0.2 + (i % 2 == 0 ? 0.02 : -0.02))], Linear: true, PlannedSeconds: 0.01),
        ];

        var (best, chosen, standardError) = SingleModelChoice.Choose(options);

        var mean = folds.Average();
        var ownStandardError = Math.Sqrt(folds.Sum(f => (f - mean) * (f - mean)) / 4 / 5);
        Assert.True(options[0].Objective - options[1].Objective < ownStandardError, "the best's own spread would call it a tie");
        Assert.Equal(best, chosen);
        Assert.Equal(0, chosen);
        Assert.Equal(0, standardError);
    }

    [Fact]
    public void AmongTreesWithinNoiseTheCheaperConfigurationWinsThenTheEarlierTrial()
    {
        Option[] options =
        [
            new(12, 0.9956, [1, 1, 1, 0.978, 1], Linear: false, PlannedSeconds: 2.5),
            new(4, 0.9940, [1, 1, 0.989, 0.978, 1], Linear: false, PlannedSeconds: 0.3),
            new(7, 0.9940, [1, 1, 1, 0.978, 0.989], Linear: false, PlannedSeconds: 0.3),
            new(2, 0.9940, [1, 0.989, 1, 0.978, 1], Linear: false, PlannedSeconds: 0.3),
        ];

        Assert.Equal(3, SingleModelChoice.Choose(options).Chosen);
        Assert.Equal(1, SingleModelChoice.Choose(options[..2]).Chosen);
    }

    /// <summary>Identical fold scores leave no tolerance: an exact tie still goes to the linear model, a gap on two folds does not.</summary>
    [Fact]
    public void AnExactTieGoesToTheLinearModel()
    {
        Option[] options =
        [
            new(1, 1.0, [1, 1, 1, 1, 1], Linear: false, PlannedSeconds: 0.1),
            new(2, 0.99, [1, 1, 0.975, 0.975, 1], Linear: true, PlannedSeconds: 0.01),
            new(3, 1.0, [1, 1, 1, 1, 1], Linear: true, PlannedSeconds: 0.02),
        ];

        var (best, chosen, standardError) = SingleModelChoice.Choose(options);

        Assert.Equal(0, best);
        Assert.Equal(2, chosen);
        Assert.Equal(0, standardError);
        // Trial 2 is 0.01 behind; its differences (0, 0, 0.025, 0.025, 0) have a standard error of 0.0061.
        Assert.Equal(0, SingleModelChoice.Choose(options[..2]).Chosen);
    }

    /// <summary>Linear models are equally simple: within one standard error the better score wins, not the cheaper solver.</summary>
    [Fact]
    public void AmongLinearModelsTheBetterScoreWinsNotTheCheaperSolver()
    {
        Option[] options =
        [
            new(1, 0.995, [1, 1, 0.99, 0.985, 1], Linear: false, PlannedSeconds: 0.5),
            new(2, 0.990, [1, 0.98, 1, 0.97, 1], Linear: true, PlannedSeconds: 0.01),
            new(3, 0.994, [1, 1, 0.995, 0.975, 1], Linear: true, PlannedSeconds: 0.05),
        ];

        var (best, chosen, _) = SingleModelChoice.Choose(options);

        Assert.Equal(0, best);
        Assert.Equal(2, chosen);
        // Both are within one standard error of the best (0.0055 and 0.0024 against gaps of 0.005 and 0.001).
        Assert.Equal(1, SingleModelChoice.Choose(options[..2]).Chosen);
    }

    [Fact]
    public void StandardErrorIsOfPairedDifferencesAndIgnoresFoldsWithoutAScore()
    {
        Assert.Equal(0, SingleModelChoice.StandardError([0.9], [0.8]));
        Assert.Equal(0, SingleModelChoice.StandardError([], []));
        Assert.Equal(0, SingleModelChoice.StandardError([0.9, 0.8, 0.7], [0.8, 0.7, 0.6]), 12);
        Assert.Equal(0, SingleModelChoice.StandardError([0.9, double.NaN], [0.8, 0.7]));
        Assert.Equal(SingleModelChoice.StandardError([0.8, 1.0], [0.8, 0.8]), SingleModelChoice.StandardError([0.8, double.NaN, 1.0], [0.8, 0.5, 0.8]));
        // Differences 0 and 0.2: standard deviation 0.1414 over √2.
        Assert.Equal(0.1, SingleModelChoice.StandardError([0.8, 1.0], [0.8, 0.8]), 12);
    }

    /// <summary>
    /// Repeated cross-validation: the mean of each repeat's standard error, not the error of all folds pooled, which treats
    /// the repeats (the same rows again) as new data and would make the rule stricter than one cross-validation's.
    /// </summary>
    [Fact]
    public void RepeatedFoldsGiveTheMeanOfEachRepeatsStandardError()
    {
        double[] best = [0.8, 1.0, 0.9, 0.9, 0.7, 0.7];
        double[] other = [0.8, 0.8, 0.9, 0.7, 0.7, 0.7];

        var repeated = SingleModelChoice.StandardError(best, other, foldsPerRepeat: 2);

        // Differences (0, 0.2), (0, 0.2), (0, 0): errors 0.1, 0.1 and 0.
        Assert.Equal((0.1 + 0.1 + 0) / 3, repeated, 12);
        Assert.True(SingleModelChoice.StandardError(best, other) < repeated, "pooled, the six differences look surer than three repeats of two");
        Assert.Equal(SingleModelChoice.StandardError(best[..2], other[..2]), SingleModelChoice.StandardError(best[..2], other[..2], foldsPerRepeat: 2), 12);
        Option[] options = [new(1, 0.85, best, Linear: false, PlannedSeconds: 1), new(2, 0.8, other, Linear: true, PlannedSeconds: 0.1)];
        Assert.Equal((0, 1, repeated), SingleModelChoice.Choose(options, foldsPerRepeat: 2));
    }
}
