namespace MlWorkflow.Engine.Training;

/// <summary>
/// The one-standard-error rule (Breiman et al. 1984; Hastie, Tibshirani and Friedman, ESL §7.10): the highest of many
/// noisy validation scores is partly luck, so any model whose score is within one standard error of the best one's is
/// as good as far as the data can tell, and the simplest of those is chosen. The standard error is the best model's:
/// the standard deviation of its per-fold scores over √folds. Simplest means linear before tree ensembles, then the
/// cheaper configuration by the cost model (fewer trees, leaves or classes fitted), then the higher score, then the
/// earlier trial. The planned cost, not the measured seconds, keeps the choice independent of the machine's load.
/// </summary>
internal static class SingleModelChoice
{
    /// <summary>A candidate: its score turned larger-is-better (<see cref="Metrics.Objective"/>) overall and per fold.</summary>
    public sealed record Option(int Trial, double Objective, IReadOnlyList<double> FoldObjectives, bool Linear, double PlannedSeconds);

    /// <summary>The sample standard deviation of the fold scores over √folds; 0 with fewer than two (non-NaN) folds.</summary>
    public static double StandardError(IReadOnlyList<double> foldObjectives)
    {
        var folds = foldObjectives.Where(double.IsFinite).ToArray();
        if (folds.Length < 2)
        {
            return 0;
        }
        var mean = folds.Average();
        return Math.Sqrt(folds.Sum(f => (f - mean) * (f - mean)) / (folds.Length - 1) / folds.Length);
    }

    /// <returns>The index of the best option (highest objective, earliest trial on ties), the standard error of its score, and the index of the chosen one.</returns>
    public static (int Best, double StandardError, int Chosen) Choose(IReadOnlyList<Option> options)
    {
        ArgumentOutOfRangeException.ThrowIfZero(options.Count);
        var best = Enumerable.Range(0, options.Count).OrderByDescending(i => options[i].Objective).ThenBy(i => options[i].Trial).First();
        var standardError = StandardError(options[best].FoldObjectives);
        // The tolerance absorbs rounding of scores that are equal on paper.
        var floor = options[best].Objective - standardError - 1e-9;
        var chosen = Enumerable.Range(0, options.Count)
            .Where(i => options[i].Objective >= floor)
            .OrderBy(i => options[i].Linear ? 0 : 1)
            .ThenBy(i => options[i].PlannedSeconds)
            .ThenByDescending(i => options[i].Objective)
            .ThenBy(i => options[i].Trial)
            .First();
        return (best, standardError, chosen);
    }
}
