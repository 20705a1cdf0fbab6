using System.Globalization;
using MlWorkflow.Engine.Preprocessing;
using MlWorkflow.Engine.Profiling;
using MlWorkflow.Engine.Suggestions;

namespace MlWorkflow.Engine.Training;

/// <summary>
/// The training table's shape before anything is fitted, from the profile alone: the rows with a target and the encoded
/// features (<see cref="TrainingTable"/>'s slots), after the pipeline steps fitted inside the model when there are some.
/// </summary>
/// <param name="Rows">Rows with a target value that the row filters keep.</param>
/// <param name="Features">The encoded features.</param>
/// <param name="Steps">The enabled steps counted (0: the columns as they are).</param>
/// <param name="Warnings">What would stop the steps from running, in plain words.</param>
public sealed record TrainingShape(long Rows, int Features, int Steps, IReadOnlyList<string> Warnings)
{
    /// <summary>
    /// Each column's steps run in order as the preprocessor runs them (<see cref="PipelinePlan"/>), up to the one that drops
    /// or replaces it; the column then has the type its last step leaves (<see cref="PipelineColumns.TypeAfter"/>) and the
    /// table's slots for that type (<see cref="TrainingTable.Slots"/>). one_hot makes one integer column a value, plus
    /// <c>_nan</c> while values are missing; date_parts one a part; text_features (a step here, or one of the pipelines that
    /// made the dataset) marks a text, categorical or identifier column that the table reads as up to
    /// <see cref="TrainingTable.MaxTextTerms"/> n-gram counts (counted in full: the bound is what memory must hold).
    /// drop_duplicates removes the profile's duplicate rows (in proportion to the rows with a target); the table leaves out
    /// rows without a target anyway, so drop_missing_target changes nothing here.
    /// </summary>
    /// <param name="profile">The dataset's profile.</param>
    /// <param name="target">The column to predict.</param>
    /// <param name="steps">The pipeline steps, as <see cref="PipelineValidator"/> checks them; null or empty: none.</param>
    /// <param name="textColumns">
    /// The columns a text_features step of the pipelines that made this dataset marked (<see cref="PipelineColumns.TextColumns"/>):
    /// the table reads them as n-grams too, unless a step here drops or encodes them. Null: an uploaded dataset.
    /// </param>
    /// <exception cref="ArgumentException">The target is not a column, or the steps do not pass <see cref="PipelineValidator"/>.</exception>
    public static TrainingShape Estimate(DatasetProfile profile, string target, IReadOnlyList<PipelineStepSpec>? steps = null, IReadOnlySet<string>? textColumns = null)
    {
        ArgumentNullException.ThrowIfNull(profile);
        textColumns ??= new HashSet<string>();
        var targetColumn = profile.Columns.FirstOrDefault(c => c.Name == target)
            ?? throw new ArgumentException($"'{target}' is not a column of this dataset.", nameof(target));
        var rows = Math.Max(0, profile.RowCount - targetColumn.Missing);
        if (steps is not { Count: > 0 })
        {
            return new TrainingShape(rows, profile.Columns.Where(c => c.Name != target).Sum(c => TrainingTable.Slots(c.Type, c.Distinct, textColumns.Contains(c.Name))), 0, []);
        }
        // The task is not read by the plan; the validator infers the target's own.
        var plan = new PipelinePlan(new PipelineDefinition(target, "", steps), profile);
        if (plan.DropDuplicates && profile.RowCount > 0)
        {
            rows = (long)Math.Round(Math.Max(0, profile.RowCount - profile.DuplicateRows) * (double)rows / profile.RowCount);
        }
        var warnings = new List<string>();
        // The table marks the outputs with every pipeline's text_features, the ancestors' as these steps' own.
        var text = plan.Steps.Where(step => step.Op == PipelineOps.TextFeatures).SelectMany(step => step.Spec.Columns).Concat(textColumns).ToHashSet(StringComparer.Ordinal);
        var features = plan.Columns.Where(chain => chain.Name != target).Sum(chain => Slots(chain, text.Contains(chain.Name), warnings));
        // one_hot of a column of estimated millions of values would fail (the warning says so), yet must not overflow here.
        return new TrainingShape(rows, (int)Math.Min(features, int.MaxValue), plan.Steps.Count, warnings);
    }

    private static long Slots(ColumnChain chain, bool textFeatures, List<string> warnings)
    {
        var column = chain.Profile;
        var (type, distinct, missing) = (column.Type, column.Distinct, column.Missing);
        foreach (var step in chain.Steps)
        {
            switch (step.Op)
            {
                case PipelineOps.DropColumns:
                    return 0;
                case PipelineOps.DateParts:
                    return ((DatePartsParams)step.Params!).Parts.Count * TrainingTable.Slots(PipelineColumns.TypeAfter(step.Op, type), 1);
                case PipelineOps.OneHot:
                    var outputs = distinct + (missing > 0 ? 1 : 0);
                    if (outputs > PreprocessOptions.DefaultMaxOneHotCategories)
                    {
                        warnings.Add(string.Create(CultureInfo.InvariantCulture,
                            $"one_hot of '{chain.Name}' would make {outputs:N0} columns, more than the {PreprocessOptions.DefaultMaxOneHotCategories:N0} it allows, so training would fail: encode '{chain.Name}' with ordinal_encode instead, or drop it."));
                    }
                    return outputs * TrainingTable.Slots(PipelineColumns.TypeAfter(step.Op, type), 1);
                case PipelineOps.Impute when missing > 0:
                    distinct += FillsANewValue(column, (ImputeParams)step.Params!) ? 1 : 0;
                    missing = 0;
                    break;
            }
            type = PipelineColumns.TypeAfter(step.Op, type);
        }
        return TrainingTable.Slots(type, distinct, textFeatures);
    }

    /// <summary>Whether filling the missing values adds a category: not the most frequent value, nor a constant the profile's top values list.</summary>
    private static bool FillsANewValue(ColumnProfile column, ImputeParams impute) => impute.Strategy switch
    {
        ImputeParams.MostFrequent => false,
        ImputeParams.Constant => !(column.TopValues ?? []).Any(top => top.Value == impute.FillText
            || (impute.FillNumber is { } fill && NumberParser.TryParse(top.Value, out var value, out _) && value == fill)),
        _ => true,
    };
}
