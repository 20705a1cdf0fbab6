using MlWorkflow.Engine.Preprocessing;
using MlWorkflow.Engine.Profiling;
using MlWorkflow.Engine.Suggestions;

namespace MlWorkflow.Engine.Training;

/// <summary>What a chain of fitted pipelines makes of the columns: the output columns' types, where each came from, and the input schema.</summary>
public static class PipelineColumns
{
    /// <summary>
    /// The output columns of <paramref name="fitted"/> in order, with the type each step leaves (<see cref="TypeAfter"/>)
    /// and the text_features marks (<see cref="MarkText"/>).
    /// </summary>
    public static IReadOnlyList<TableColumn> Outputs(FittedPipeline fitted)
    {
        var types = fitted.Inputs.ToDictionary(i => i.Name, i => i.Type, StringComparer.Ordinal);
        foreach (var step in fitted.Steps)
        {
            foreach (var column in step.Columns)
            {
                var type = TypeAfter(step.Op, types.GetValueOrDefault(column.Name, ColumnType.Numeric));
                if (step.Op is PipelineOps.OneHot or PipelineOps.DateParts)
                {
                    foreach (var output in column.Outputs ?? [])
                    {
                        types[output] = type;
                    }
                }
                else
                {
                    types[column.Name] = type;
                }
            }
        }
        return MarkText([.. fitted.Outputs.Select(name => new TableColumn(name, types.GetValueOrDefault(name, ColumnType.Numeric)))], [fitted]);
    }

    /// <summary>
    /// <paramref name="columns"/> with the n-grams asked for on each column a text_features step of <paramref name="pipelines"/>
    /// named (the latest step's when several did): the table turns those into n-gram counts when they hold text.
    /// </summary>
    public static IReadOnlyList<TableColumn> MarkText(IReadOnlyList<TableColumn> columns, IReadOnlyList<FittedPipeline> pipelines)
    {
        var marked = Marks(pipelines);
        return marked.Count == 0 ? columns : [.. columns.Select(c => marked.TryGetValue(c.Name, out var ngrams) ? c with { TextFeatures = ngrams } : c)];
    }

    /// <summary>
    /// The names of the columns <see cref="MarkText"/> marks: what a plan (<see cref="TrainingShape"/>) counts as n-grams
    /// on a dataset <paramref name="pipelines"/> made, before anything is read.
    /// </summary>
    public static IReadOnlySet<string> TextColumns(IReadOnlyList<FittedPipeline> pipelines) => Marks(pipelines).Keys.ToHashSet(StringComparer.Ordinal);

    private static Dictionary<string, TextNgrams> Marks(IReadOnlyList<FittedPipeline> pipelines)
    {
        var marked = new Dictionary<string, TextNgrams>(StringComparer.Ordinal);
        foreach (var column in pipelines.SelectMany(p => p.Steps).Where(s => s.Op == PipelineOps.TextFeatures).SelectMany(s => s.Columns))
        {
            marked[column.Name] = TextNgrams.Of(column.WordNgrams, column.CharNgrams);
        }
        return marked;
    }

    /// <summary>
    /// The type a step leaves on the column it writes (for one_hot and date_parts, on each column it makes): encoders and
    /// date parts make integers, scalers and transforms numbers; impute and the rest keep their input's type.
    /// </summary>
    public static ColumnType TypeAfter(string op, ColumnType input) => op switch
    {
        PipelineOps.OneHot or PipelineOps.DateParts or PipelineOps.OrdinalEncode => ColumnType.Integer,
        PipelineOps.StandardScale or PipelineOps.MinMaxScale or PipelineOps.RobustScale or PipelineOps.LogTransform or PipelineOps.ClipOutliers => ColumnType.Numeric,
        _ => input,
    };

    /// <summary>For each column a step made from another (one-hot, date parts), the input column of the first pipeline it comes from.</summary>
    public static Dictionary<string, string> Origins(IReadOnlyList<FittedPipeline> pipelines)
    {
        var origins = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var fitted in pipelines)
        {
            foreach (var step in fitted.Steps.Where(s => s.Op is PipelineOps.OneHot or PipelineOps.DateParts))
            {
                foreach (var column in step.Columns)
                {
                    var origin = origins.GetValueOrDefault(column.Name, column.Name);
                    foreach (var output in column.Outputs ?? [])
                    {
                        origins[output] = origin;
                    }
                }
            }
        }
        return origins;
    }

    /// <summary>
    /// The columns a caller sends to predict: the first pipeline's inputs (or, without pipelines, the table's features),
    /// without the target; categories where the model knows them (an unknown one predicts as all zero, like a new value).
    /// </summary>
    public static IReadOnlyList<InputColumn> InputSchema(IReadOnlyList<FittedPipeline> pipelines, TrainingTable table, IReadOnlyList<TableColumn> tableColumns)
    {
        var categories = table.Encoder.Features.Where(f => f.Kind == FeatureSpec.Category).ToDictionary(f => f.Name, f => f.Categories!, StringComparer.Ordinal);
        if (pipelines.Count == 0)
        {
            var used = table.Encoder.Features.Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
            return [.. tableColumns.Where(c => used.Contains(c.Name)).Select(c => new InputColumn(c.Name, c.Type, categories.GetValueOrDefault(c.Name)))];
        }
        foreach (var step in pipelines[0].Steps.Where(s => s.Op is PipelineOps.OneHot or PipelineOps.OrdinalEncode))
        {
            foreach (var column in step.Columns.Where(c => c.Categories is not null))
            {
                categories[column.Name] = column.Categories!;
            }
        }
        return [.. pipelines[0].Inputs.Where(i => i.Name != table.Target).Select(i => new InputColumn(i.Name, i.Type, categories.GetValueOrDefault(i.Name)))];
    }
}
