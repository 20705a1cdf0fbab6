using MlWorkflow.Engine.Targets;

namespace MlWorkflow.Engine.Training;

/// <summary>
/// Stratified assignment of rows to folds (ML.NET's sampling key groups rows, it does not stratify). Classification:
/// each class's rows, shuffled, are dealt round-robin continuing from where the previous class stopped, so every fold
/// holds each class's share within one row. Regression: rows sorted by target are dealt in shuffled runs of k, so
/// every fold spans the whole range of the target.
/// </summary>
public static class Folds
{
    /// <summary>Below this many rows the search cross-validates; from it on, one holdout (Azure ML AutoML's rule), 5× cheaper a trial.</summary>
    public const int CrossValidationBelowRows = 20_000;

    public const int DefaultFolds = 5;

    /// <summary>
    /// Below this many rows the cross-validation is repeated <see cref="SmallDataRepeats"/> times with other folds: on a few
    /// hundred rows one split's luck moves a score more than most differences between models, and the search picks among
    /// hundreds of them. A trial costs 3× as much; on such data trials take tens of milliseconds.
    /// </summary>
    public const int RepeatBelowRows = 1_000;

    public const int SmallDataRepeats = 3;

    /// <summary>The holdout aims at this many rows, within [<see cref="MinHoldoutFraction"/>, <see cref="MaxHoldoutFraction"/>] of the data.</summary>
    public const double HoldoutRows = 2_500;

    public const double MinHoldoutFraction = 0.01;
    public const double MaxHoldoutFraction = 0.1;

    /// <summary>
    /// CV below <see cref="CrossValidationBelowRows"/> rows (repeated below <see cref="RepeatBelowRows"/>), else a holdout of
    /// about <see cref="HoldoutRows"/> rows (AutoGluon's sizing: 1–10 %). The search runs it and the training plan shows it.
    /// </summary>
    public static ValidationInfo Choose(long rows) => rows < CrossValidationBelowRows
        ? new ValidationInfo(ValidationInfo.CrossValidation, DefaultFolds, null, rows) { Repeats = rows < RepeatBelowRows ? SmallDataRepeats : null }
        : new ValidationInfo(ValidationInfo.Holdout, null, Math.Round(Math.Clamp(HoldoutRows / rows, MinHoldoutFraction, MaxHoldoutFraction), 4), rows);

    /// <summary>The fold of each row, 0 to <paramref name="k"/> − 1.</summary>
    public static int[] Assign(TrainingTable table, int k, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 2);
        var random = new Random(seed);
        var folds = new int[table.Rows];
        if (table.Task == TargetTasks.Regression)
        {
            var order = Enumerable.Range(0, table.Rows).OrderBy(r => table.Labels[r]).ThenBy(r => r).ToArray();
            var deal = new int[k];
            for (var start = 0; start < order.Length; start += k)
            {
                for (var i = 0; i < k; i++)
                {
                    deal[i] = i;
                }
                random.Shuffle(deal);
                for (var i = start; i < Math.Min(start + k, order.Length); i++)
                {
                    folds[order[i]] = deal[i - start];
                }
            }
            return folds;
        }
        var next = 0;
        foreach (var group in Enumerable.Range(0, table.Rows).GroupBy(r => (int)table.Labels[r]).OrderBy(g => g.Key))
        {
            var rows = group.ToArray();
            random.Shuffle(rows);
            foreach (var row in rows)
            {
                folds[row] = next;
                next = (next + 1) % k;
            }
        }
        return folds;
    }

    /// <summary>
    /// The training and validation rows of each split: k folds for CV, repeat after repeat (the first repeat's folds are
    /// those of <paramref name="seed"/> itself, each later one dealt anew), or one split for a holdout.
    /// </summary>
    public static IReadOnlyList<(int[] Train, int[] Valid)> Splits(TrainingTable table, ValidationInfo validation, int seed)
    {
        var cv = validation.Method == ValidationInfo.CrossValidation;
        var k = cv ? validation.Folds!.Value : Math.Max(2, (int)Math.Round(1 / validation.HoldoutFraction!.Value));
        var splits = new List<(int[] Train, int[] Valid)>();
        for (var repeat = 0; repeat < (cv ? validation.Repeats ?? 1 : 1); repeat++)
        {
            var folds = Assign(table, k, repeat == 0 ? seed : StableSeed.Of(seed, repeat));
            splits.AddRange(Enumerable.Range(0, cv ? k : 1).Select(fold => (
                Enumerable.Range(0, table.Rows).Where(r => folds[r] != fold).ToArray(),
                Enumerable.Range(0, table.Rows).Where(r => folds[r] == fold).ToArray())));
        }
        return splits;
    }
}
