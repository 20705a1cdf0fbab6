namespace MlWorkflow.Engine.Training;

/// <summary>
/// Caruana's forward selection with replacement over the candidates' validation predictions (AutoGluon's final
/// weighted ensemble): each round adds the candidate whose addition scores best as a plain average, ties going to one
/// already chosen, then the earlier; the best prefix of the rounds is kept and the weights are the counts.
/// 25 rounds: TabRepo measured no gain above that.
/// </summary>
internal static class EnsembleSelection
{
    public const int Rounds = 25;

    /// <returns>How often each candidate was picked in the kept prefix, and that prefix's score.</returns>
    public static (int[] Counts, double Score) Select(IReadOnlyList<double[]> candidates, float[] labels, string metric, int classes, int rounds = Rounds)
    {
        var length = candidates[0].Length;
        var sum = new double[length];
        var trial = new double[length];
        var counts = new int[candidates.Count];
        var best = (Counts: (int[])counts.Clone(), Objective: double.NegativeInfinity, Score: double.NaN);
        for (var round = 1; round <= rounds; round++)
        {
            var pick = -1;
            var pickObjective = double.NegativeInfinity;
            for (var c = 0; c < candidates.Count; c++)
            {
                var predictions = candidates[c];
                for (var i = 0; i < length; i++)
                {
                    trial[i] = (sum[i] + predictions[i]) / round;
                }
                var objective = Metrics.Objective(metric, Metrics.Score(metric, labels, trial, classes));
                if (objective > pickObjective || (objective == pickObjective && pick >= 0 && counts[pick] == 0 && counts[c] > 0))
                {
                    pick = c;
                    pickObjective = objective;
                }
            }
            counts[pick]++;
            for (var i = 0; i < length; i++)
            {
                sum[i] += candidates[pick][i];
            }
            if (pickObjective > best.Objective)
            {
                best = ((int[])counts.Clone(), pickObjective, Metrics.Score(metric, labels, Average(sum, round), classes));
            }
        }
        return (best.Counts, best.Score);
    }

    private static double[] Average(double[] sum, int count) => [.. sum.Select(v => v / count)];
}
