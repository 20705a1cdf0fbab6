using MlWorkflow.Engine.Training;
using Option = MlWorkflow.Engine.Training.SingleModelChoice.Option;

namespace MlWorkflow.Tests.Engine.Training;

/// <summary>The one-standard-error rule on crafted candidates: noisy ties go to the simpler model, real gaps do not.</summary>
public sealed class SingleModelChoiceTests
{
    // Penguins-like: five folds of 55 rows, one fold a row short of perfect.
    private static readonly double[] s_bestFolds = [1, 1, 1, 0.978, 1];

    [Fact]
    public void ANoisyTieWithALinearModelResolvesToTheLinearModel()
    {
        Option[] options =
        [
            new(5, 0.9956, s_bestFolds, Linear: false, PlannedSeconds: 0.4),
            new(3, 0.9940, [1, 1, 0.99, 0.98, 1], Linear: false, PlannedSeconds: 0.1),
            new(9, 0.9925, [1, 0.99, 1, 0.98, 0.99], Linear: true, PlannedSeconds: 0.02),
        ];

        var (best, standardError, chosen) = SingleModelChoice.Choose(options);

        Assert.Equal(0, best);
        // sd(1, 1, 1, 0.978, 1) = 0.00984, over √5.
        Assert.Equal(0.0044, standardError, 4);
        Assert.Equal(2, chosen);
        Assert.True(options[chosen].Objective >= options[best].Objective - standardError);
    }

    [Fact]
    public void AModelBelowOneStandardErrorIsNotChosenHoweverSimple()
    {
        Option[] options =
        [
            new(5, 0.9956, s_bestFolds, Linear: false, PlannedSeconds: 0.4),
            new(9, 0.9900, [1, 0.98, 1, 0.98, 0.99], Linear: true, PlannedSeconds: 0.02),
        ];

        var (best, standardError, chosen) = SingleModelChoice.Choose(options);

        Assert.True(options[1].Objective < options[0].Objective - standardError);
        Assert.Equal(best, chosen);
        Assert.Equal(0, chosen);
    }

    [Fact]
    public void AmongTreesWithinNoiseTheCheaperConfigurationWinsThenTheEarlierTrial()
    {
        Option[] options =
        [
            new(12, 0.9956, s_bestFolds, Linear: false, PlannedSeconds: 2.5),
            new(4, 0.9930, [1, 1, 0.99, 0.98, 0.99], Linear: false, PlannedSeconds: 0.3),
            new(7, 0.9935, [1, 1, 0.99, 0.98, 1], Linear: false, PlannedSeconds: 0.3),
            new(2, 0.9935, [1, 1, 0.99, 0.98, 1], Linear: false, PlannedSeconds: 0.3),
        ];

        Assert.Equal(3, SingleModelChoice.Choose(options).Chosen);
        Assert.Equal(1, SingleModelChoice.Choose(options[..2]).Chosen);
    }

    [Fact]
    public void PerfectFoldsLeaveNoToleranceButAnExactTieStillGoesToTheLinearModel()
    {
        Option[] options =
        [
            new(1, 1.0, [1, 1, 1, 1, 1], Linear: false, PlannedSeconds: 0.1),
            new(2, 0.9999, [1, 1, 1, 1, 0.9995], Linear: true, PlannedSeconds: 0.01),
            new(3, 1.0, [1, 1, 1, 1, 1], Linear: true, PlannedSeconds: 0.02),
        ];

        var (best, standardError, chosen) = SingleModelChoice.Choose(options);

        Assert.Equal(0, best);
        Assert.Equal(0, standardError);
        Assert.Equal(2, chosen);
    }

    /// <summary>Errors are negated (larger is better): an RMSE within one standard error of the best RMSE is a tie too.</summary>
    [Fact]
    public void LossesCountInTheirNegatedObjective()
    {
        double[] folds = [-3.2, -3.9, -3.4, -3.6, -3.4];
        Option[] options =
        [
            new(1, -3.50, folds, Linear: false, PlannedSeconds: 0.5),
            new(2, -3.58, [-3.3, -3.9, -3.5, -3.7, -3.5], Linear: true, PlannedSeconds: 0.01),
            new(3, -3.75, [-3.4, -4.1, -3.6, -3.9, -3.7], Linear: true, PlannedSeconds: 0.01),
        ];

        var (_, standardError, chosen) = SingleModelChoice.Choose(options);

        var mean = folds.Average();
        Assert.Equal(Math.Sqrt(folds.Sum(f => (f - mean) * (f - mean)) / 4 / 5), standardError, 12);
        Assert.Equal(1, chosen);
    }

    [Fact]
    public void StandardErrorIgnoresFoldsWithoutAScoreAndNeedsTwo()
    {
        Assert.Equal(0, SingleModelChoice.StandardError([0.9]));
        Assert.Equal(0, SingleModelChoice.StandardError([]));
        Assert.Equal(0, SingleModelChoice.StandardError([0.9, double.NaN]));
        Assert.Equal(SingleModelChoice.StandardError([0.8, 1.0]), SingleModelChoice.StandardError([0.8, double.NaN, 1.0]));
        Assert.Equal(0.1, SingleModelChoice.StandardError([0.8, 1.0]), 12);
    }
}
