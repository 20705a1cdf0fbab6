using MlWorkflow.Engine.Training;

namespace MlWorkflow.Tests.Engine.Training;

/// <summary>Our metrics against the examples of scikit-learn's documentation (its results, to the digits it prints).</summary>
public sealed class MetricsTests
{
    private static double[] Binary(params double[] positive) => [.. positive.SelectMany(p => new[] { 1 - p, p })];

    [Fact]
    public void AucMatchesRocAucScore()
    {
        Assert.Equal(0.75, Metrics.Score(TrainingMetrics.Auc, [0, 0, 1, 1], Binary(0.1, 0.4, 0.35, 0.8), 2), 10);
        // Ties count half: one positive and one negative with the same score.
        Assert.Equal(0.5, Metrics.Score(TrainingMetrics.Auc, [0, 1], Binary(0.5, 0.5), 2), 10);
        Assert.Equal(0.875, Metrics.Score(TrainingMetrics.Auc, [0, 0, 1, 1], Binary(0.1, 0.5, 0.5, 0.8), 2), 10);
    }

    [Fact]
    public void MacroF1MatchesF1ScoreMacro()
    {
        float[] truth = [0, 1, 2, 0, 1, 2];
        int[] predicted = [0, 2, 1, 0, 0, 1];
        var probabilities = predicted.SelectMany(p => Enumerable.Range(0, 3).Select(c => c == p ? 1.0 : 0.0)).ToArray();
        Assert.Equal(0.26666666666666666, Metrics.Score(TrainingMetrics.MacroF1, truth, probabilities, 3), 10);
        Assert.Equal(1.0 / 3, Metrics.Score(TrainingMetrics.Accuracy, truth, probabilities, 3), 10);
    }

    [Fact]
    public void LogLossR2RmseAndMaeMatchScikitLearn()
    {
        // log_loss(["spam", "ham", "ham", "spam"], [[.1, .9], [.9, .1], [.8, .2], [.35, .65]]): classes sort ham (0), spam (1).
        Assert.Equal(0.21616187468057912, Metrics.Score(TrainingMetrics.LogLoss, [1, 0, 0, 1], Binary(0.9, 0.1, 0.2, 0.65), 2), 10);
        float[] truth = [3, -0.5f, 2, 7];
        double[] predicted = [2.5, 0.0, 2, 8];
        Assert.Equal(0.9486081370449679, Metrics.Score(TrainingMetrics.R2, truth, predicted, 0), 10);
        Assert.Equal(0.5, Metrics.Score(TrainingMetrics.Mae, truth, predicted, 0), 10);
        Assert.Equal(Math.Sqrt(0.375), Metrics.Score(TrainingMetrics.Rmse, truth, predicted, 0), 10);
    }

    [Fact]
    public void F1IsThePositiveClassAtOneHalf()
    {
        // f1_score([0, 1, 1, 0, 1], [0, 1, 0, 1, 1]) = 2·2 / (3 + 3)
        Assert.Equal(2.0 / 3, Metrics.Score(TrainingMetrics.F1, [0, 1, 1, 0, 1], Binary(0.2, 0.7, 0.4, 0.6, 0.9), 2), 10);
    }
}
