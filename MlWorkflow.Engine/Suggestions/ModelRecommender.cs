using MlWorkflow.Engine.Alerts;
using MlWorkflow.Engine.Profiling;
using MlWorkflow.Engine.Targets;
using MlWorkflow.Engine.Training;

namespace MlWorkflow.Engine.Suggestions;

/// <summary>
/// Ranks the ML.NET trainers for a target by the profile's size and shape, each with the seconds of its first trial as
/// the training plan counts them (<see cref="TrainingPlanner.FirstTrialSeconds"/>) and the plan's feature count.
/// </summary>
public static class ModelRecommender
{
    /// <summary>Below this many rows, boosting overfits easily and simple linear models hold up well.</summary>
    public const long SmallRows = 1_000;

    /// <summary>From this many rows, boosting pulls ahead and linear models lose their edge.</summary>
    public const long LargeRows = 100_000;

    /// <param name="profile">The dataset's profile.</param>
    /// <param name="target">The chosen target; null uses the best target candidate (no models when no column can be one).</param>
    /// <exception cref="ArgumentException">The target is not a column, or cannot be a target.</exception>
    public static ModelRecommendation Recommend(DatasetProfile profile, string? target) => Recommend(profile, target, null);

    /// <summary>The trainers for <paramref name="task"/> when the user poses another task than the target's inferred one (a count as classes).</summary>
    /// <param name="profile">The dataset's profile.</param>
    /// <param name="target">The chosen target; null uses the best target candidate.</param>
    /// <param name="task">binary, multiclass or regression; null = the target's inferred task. Not checked against the column.</param>
    /// <exception cref="ArgumentException">The target is not a column, or cannot be a target.</exception>
    public static ModelRecommendation Recommend(DatasetProfile profile, string? target, string? task) => Recommend(profile, target, task, null);

    /// <summary>The trainers for a dataset a pipeline made: its text_features columns count as the n-grams training reads.</summary>
    /// <param name="profile">The dataset's profile.</param>
    /// <param name="target">The chosen target; null uses the best target candidate.</param>
    /// <param name="task">binary, multiclass or regression; null = the target's inferred task.</param>
    /// <param name="textColumns">Columns the pipelines that made the dataset marked with text_features; null: none.</param>
    /// <exception cref="ArgumentException">The target is not a column, or cannot be a target.</exception>
    public static ModelRecommendation Recommend(DatasetProfile profile, string? target, string? task, IReadOnlySet<string>? textColumns)
    {
        var (column, inferred) = PipelineSuggester.Targets(profile, target);
        task ??= inferred;
        if (column is null || task is null)
        {
            return new ModelRecommendation(null, null, []);
        }
        var rows = profile.RowCount - column.Missing;
        var features = TrainingPlanner.Features(profile, column.Name, textColumns);
        var classes = task == TargetTasks.Multiclass ? (int)column.Distinct : 1;
        var size = $"{rows} rows × {features} features";
        var small = rows < SmallRows;
        var large = rows >= LargeRows;
        var strings = profile.Columns.Count(c => c != column && c.Type is ColumnType.Categorical or ColumnType.Text);
        var choices = new List<(string Algorithm, double Confidence, string Rationale)>
        {
            (MlNetTrainers.LightGbm, 0.85 + (large ? 0.1 : small ? -0.1 : 0),
                $"{size}: gradient-boosted trees are the strongest default on tabular data, need no scaling and shrug off skew{(small ? "; with so few rows watch for overfitting" : "")}"),
            (MlNetTrainers.FastTree, 0.75 + (small ? -0.05 : 0), $"{size}: boosted trees like LightGbm, reproducible, a little slower"),
            (MlNetTrainers.FastForest, 0.65 + (small ? 0.05 : 0), $"{size}: a random forest varies less than boosting on small or noisy data"),
        };
        var linearBonus = (small ? 0.1 : large ? -0.1 : 0) - (strings > features / 2 ? 0.05 : 0);
        switch (task)
        {
            case TargetTasks.Binary:
                choices.Add((MlNetTrainers.LbfgsLogisticRegression, 0.7 + linearBonus, $"{size}: logistic regression, a fast, interpretable baseline{(small ? " that suits few rows" : "")}; needs the scaled, encoded features"));
                choices.Add((MlNetTrainers.SdcaLogisticRegression, 0.45 + (large ? 0.15 : 0), $"{size}: SDCA scales to very many rows, but is slow with defaults and not reproducible across runs"));
                break;
            case TargetTasks.Multiclass:
                choices.Add((MlNetTrainers.LbfgsMaximumEntropy, 0.7 + linearBonus, $"{size}, {classes} classes: multinomial logistic regression, fast and interpretable{(small ? ", suits few rows" : "")}"));
                choices.Add((MlNetTrainers.SdcaMaximumEntropy, 0.45 + (large ? 0.15 : 0), $"{size}, {classes} classes: SDCA scales to very many rows, but is slow with defaults and not reproducible"));
                break;
            default:
                choices.Add((MlNetTrainers.Sdca, 0.55 + linearBonus, $"{size}: linear regression by SDCA, a simple baseline; needs scaled features"));
                choices.Add((MlNetTrainers.OnlineGradientDescent, 0.4 + (large ? 0.1 : 0), $"{size}: linear regression in one streaming pass, cheapest on huge data, sensitive to scaling"));
                if (column is { Type: ColumnType.Integer, Min: >= 0 })
                {
                    choices.Add((MlNetTrainers.LbfgsPoissonRegression, 0.7, $"{ColumnEvidence.Quote(column.Name)} is a non-negative whole number (a count): Poisson regression models counts directly"));
                }
                break;
        }
        var models = choices
            .Select(choice => new ModelChoice(choice.Algorithm, Math.Round(Math.Clamp(choice.Confidence, 0, 1), 3), choice.Rationale,
                TrainingPlanner.FirstTrialSeconds(profile, column.Name, task, choice.Algorithm, textColumns)))
            .OrderByDescending(model => model.Confidence)
            .ThenBy(model => model.ExpectedTrainSeconds)
            .ToList();
        return new ModelRecommendation(column.Name, task, models);
    }
}
