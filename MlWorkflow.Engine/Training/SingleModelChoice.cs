namespace MlWorkflow.Engine.Training;

/// <summary>
/// The one-standard-error rule (Breiman et al. 1984; Hastie, Tibshirani and Friedman, ESL §7.10), on paired folds: the
/// highest of many noisy validation scores is partly luck, so a model whose score is behind the best by no more than
/// one standard error of that difference is as good as far as the data can tell, and the simplest of those is chosen.
/// The standard error is of the per-fold differences between the two (their standard deviation over √folds): both
/// models are scored on the same folds, and how hard a fold is weighs on both alike, so it is not noise between them.
/// (The best model's own fold spread counts it: on cars, 0.30 of a 3.68 RMSE, which let a Poisson regression 8 % behind
/// in validation through; it lost to scikit-learn on test, 4.16 against 3.97.) Simplest means linear before tree
/// ensembles; among tree ensembles the cheaper configuration by the cost model (fewer trees, leaves or classes
/// fitted); then the higher score, then the earlier trial. Linear models are equally simple whatever their solver (one
/// weight a feature): the cheapest solver is the least exact one (one pass of gradient descent), so cost does not rank
/// them. The planned cost, not the measured seconds, keeps the choice independent of the machine's load.
/// </summary>
internal static class SingleModelChoice
{
    /// <summary>A candidate: its score turned larger-is-better (<see cref="Metrics.Objective"/>) overall and per fold.</summary>
    public sealed record Option(int Trial, double Objective, IReadOnlyList<double> FoldObjectives, bool Linear, double PlannedSeconds);

    /// <summary>
    /// The standard error of the per-fold differences between two models scored on the same folds (sample standard
    /// deviation over √folds); folds where either has no score are left out; 0 with fewer than two folds. Repeated
    /// cross-validation (<paramref name="foldsPerRepeat"/>) gives the mean of each repeat's: the repeats validate the same
    /// rows, so their differences are not independent, and pooled they would shrink the error by about √repeats and make
    /// the rule stricter than one cross-validation's.
    /// </summary>
    public static double StandardError(IReadOnlyList<double> first, IReadOnlyList<double> second, int? foldsPerRepeat = null)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        if (foldsPerRepeat is not { } size || size < 2 || first.Count <= size)
        {
            return RepeatError(first, second);
        }
        return Enumerable.Range(0, (first.Count + size - 1) / size)
            .Average(r => RepeatError([.. first.Skip(r * size).Take(size)], [.. second.Skip(r * size).Take(size)]));
    }

    private static double RepeatError(IReadOnlyList<double> first, IReadOnlyList<double> second)
    {
        var differences = first.Zip(second, (a, b) => a - b).Where(double.IsFinite).ToArray();
        if (differences.Length < 2)
        {
            return 0;
        }
        var mean = differences.Average();
        return Math.Sqrt(differences.Sum(d => (d - mean) * (d - mean)) / (differences.Length - 1) / differences.Length);
    }

    /// <returns>
    /// The index of the best option (highest objective, earliest trial on ties), the index of the chosen one, and the
    /// standard error of the difference between the two (0 when the best is chosen).
    /// </returns>
    /// <param name="options">The candidates.</param>
    /// <param name="foldsPerRepeat">The folds of one cross-validation repeat (<see cref="StandardError"/>); null: the fold scores are one repeat.</param>
    public static (int Best, int Chosen, double StandardError) Choose(IReadOnlyList<Option> options, int? foldsPerRepeat = null)
    {
        ArgumentOutOfRangeException.ThrowIfZero(options.Count);
        var best = Enumerable.Range(0, options.Count).OrderByDescending(i => options[i].Objective).ThenBy(i => options[i].Trial).First();
        var errors = options.Select(o => StandardError(options[best].FoldObjectives, o.FoldObjectives, foldsPerRepeat)).ToArray();
        // The tolerance absorbs rounding of scores that are equal on paper.
        var chosen = Enumerable.Range(0, options.Count)
            .Where(i => options[best].Objective - options[i].Objective <= errors[i] + 1e-9)
            .OrderBy(i => options[i].Linear ? 0 : 1)
            .ThenBy(i => options[i].Linear ? 0 : options[i].PlannedSeconds)
            .ThenByDescending(i => options[i].Objective)
            .ThenBy(i => options[i].Trial)
            .First();
        return (best, chosen, chosen == best ? 0 : errors[chosen]);
    }
}
