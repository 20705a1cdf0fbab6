using MlWorkflow.Engine.Profiling;
using MlWorkflow.Engine.Targets;

namespace MlWorkflow.Engine.Suggestions;

/// <summary>
/// Suggests a preprocessing pipeline from a profile: cleaning (duplicates, rows without target, useless or leaky
/// columns), imputation, numeric transforms and scaling, then encodings. Every step says why, from the profile's numbers.
/// </summary>
public static class PipelineSuggester
{
    /// <param name="profile">The dataset's profile; correlations, quantiles and skewness are used when present.</param>
    /// <param name="target">The chosen target; null uses the best target candidate (none when no column can be one).</param>
    /// <exception cref="ArgumentException"><paramref name="target"/> is not a column, or a column that cannot be a target.</exception>
    public static PipelineSuggestion Suggest(DatasetProfile profile, string? target)
    {
        var (targetColumn, task) = Targets(profile, target);
        var steps = new List<PipelineStep>();
        var dropped = CleaningSteps.Add(profile, targetColumn, steps);
        var features = profile.Columns.Where(column => column != targetColumn && !dropped.Contains(column.Name)).ToList();
        ImputeSteps.Add(profile, features, steps);
        NumericSteps.Add(profile, features, steps);
        EncodingSteps.Add(features, steps);
        return new PipelineSuggestion(targetColumn?.Name, task, steps);
    }

    /// <summary>Finds the target column and its task; shared with <see cref="ModelRecommender"/>.</summary>
    internal static (ColumnProfile? Column, string? Task) Targets(DatasetProfile profile, string? target)
    {
        ArgumentNullException.ThrowIfNull(profile);
        if (target is null)
        {
            var best = TargetDetector.Detect(profile).FirstOrDefault();
            return best is null ? (null, null) : (profile.Columns.First(column => column.Name == best.Column), best.Task);
        }
        var column = profile.Columns.FirstOrDefault(column => column.Name == target)
            ?? throw new ArgumentException(
                $"The target '{target}' is not a column of this dataset; choose one of: {string.Join(", ", profile.Columns.Select(c => c.Name))}.",
                nameof(target));
        var task = TargetDetector.TaskFor(column)
            ?? throw new ArgumentException(
                $"The column '{target}' cannot be a target: it is {column.Type.ToString().ToLowerInvariant()} with {column.Distinct} distinct values. Choose a categorical, boolean or numeric column.",
                nameof(target));
        return (column, task);
    }
}
