using System.Globalization;
using System.Text;
using MlWorkflow.Engine.Training;

namespace MlWorkflow.Benchmarks.Train;

/// <summary>
/// One line per trial of the search with what its cost depends on: the fits it made (folds, or one for a holdout), the
/// rows each fit saw, the encoded features, the classes, the hyper-parameters, and the measured seconds (every fit and
/// its validation predictions) on the wall clock and in the process's CPU time. Train/fit_cost.py fits the planner's cost
/// model (<see cref="TrialCost"/>) to these lines.
/// </summary>
public static class TrialCsv
{
    public const string Header = "dataset,task,trainer,trial,validation,fits,fit_rows,valid_rows,features,classes,seconds,cpu_seconds,planned_seconds,score,failed,hyperparameters";

    /// <param name="dataset">The dataset's name.</param>
    /// <param name="table">The table searched.</param>
    /// <param name="search">The search's result.</param>
    /// <param name="cpuSeconds">The process's CPU seconds of each trial.</param>
    /// <param name="seed">The search's seed (its folds).</param>
    public static string Rows(string dataset, TrainingTable table, SearchResult search, IReadOnlyDictionary<int, double> cpuSeconds, int seed)
    {
        var splits = Folds.Splits(table, search.Validation, seed);
        var fitRows = splits[0].Train.Length;
        var validRows = splits.Sum(s => s.Valid.Length);
        var text = new StringBuilder();
        foreach (var trial in search.Trials)
        {
            var planned = splits.Count * TrialCost.FitSeconds(trial.Algorithm, fitRows, table.Width, TrialCost.CostClasses(table.Task, table.Classes), trial.Hyperparameters);
            var parameters = string.Join(';', trial.Hyperparameters.OrderBy(p => p.Key, StringComparer.Ordinal)
                .Select(p => $"{p.Key}={p.Value.ToString("R", CultureInfo.InvariantCulture)}"));
            text.Append(CultureInfo.InvariantCulture,
                $"{dataset},{table.Task},{trial.Algorithm},{trial.Trial},{search.Validation.Method},{splits.Count},{fitRows},{validRows},{table.Width},{table.Classes},")
                .Append(CultureInfo.InvariantCulture, $"{trial.TrainSeconds:R},{cpuSeconds.GetValueOrDefault(trial.Trial, double.NaN):0.####},{planned:0.#####},")
                .Append(CultureInfo.InvariantCulture, $"{trial.Score:R},{(trial.Error is null ? 0 : 1)},{parameters}\n");
        }
        return text.ToString();
    }
}
