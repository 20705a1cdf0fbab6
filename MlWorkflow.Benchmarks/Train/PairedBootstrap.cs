using MlWorkflow.Engine.Targets;
using MlWorkflow.Engine.Training;

namespace MlWorkflow.Benchmarks.Train;

/// <summary>
/// How far the test set alone lets two models' scores differ: the test rows are resampled with replacement (within each
/// class for classification, so every resample keeps every class, as the split did), both models are scored on the same
/// resample, and the 2.5th and 97.5th percentiles of the comparison (ours − peer, or ours ÷ peer for error metrics) are
/// the 95 % interval. An interval that spans 0 (or 1×) says the test set cannot tell the two apart.
/// </summary>
public static class PairedBootstrap
{
    public const int Resamples = 2_000;

    public static (double Low, double High) Interval(string metric, string task, float[] truth, double[] ours, double[] peer,
        int classes, int seed)
    {
        var width = Metrics.Width(task, classes);
        var rows = truth.Length;
        var strata = task == TargetTasks.Regression
            ? [Enumerable.Range(0, rows).ToArray()]
            : Enumerable.Range(0, rows).GroupBy(r => truth[r]).OrderBy(g => g.Key).Select(g => g.ToArray()).ToArray();
        var random = new Random(seed);
        var sampleTruth = new float[rows];
        var sampleOurs = new double[rows * width];
        var samplePeer = new double[rows * width];
        var comparisons = new double[Resamples];
        for (var b = 0; b < Resamples; b++)
        {
            var at = 0;
            foreach (var stratum in strata)
            {
                for (var i = 0; i < stratum.Length; i++, at++)
                {
                    var row = stratum[random.Next(stratum.Length)];
                    sampleTruth[at] = truth[row];
                    ours.AsSpan(row * width, width).CopyTo(sampleOurs.AsSpan(at * width, width));
                    peer.AsSpan(row * width, width).CopyTo(samplePeer.AsSpan(at * width, width));
                }
            }
            var ourScore = Metrics.Score(metric, sampleTruth, sampleOurs, classes);
            var peerScore = Metrics.Score(metric, sampleTruth, samplePeer, classes);
            comparisons[b] = TrainingMetrics.HigherIsBetter(metric) ? ourScore - peerScore : ourScore / peerScore;
        }
        Array.Sort(comparisons);
        return (comparisons[(int)(0.025 * Resamples)], comparisons[(int)(0.975 * Resamples) - 1]);
    }
}
