using MlWorkflow.Engine.Preprocessing;
using MlWorkflow.Engine.Targets;

namespace MlWorkflow.Engine.Training;

/// <summary>The two halves of a package's <see cref="ReferenceSummary"/>: the input columns the model reads, and its predictions on the training rows.</summary>
internal static class PackageReference
{
    /// <summary>
    /// Without pipelines the table's own; with pipelines the first one's <see cref="FittedPipeline.InputReference"/>, kept
    /// to the columns the model reads (a feature itself, or the column a one_hot or date_parts feature came from); none
    /// when that pipeline was fitted before it kept one.
    /// </summary>
    public static ReferenceSummary Inputs(TrainingTable table, IReadOnlyList<FittedPipeline> pipelines)
    {
        if (pipelines.Count == 0)
        {
            return table.InputReference;
        }
        if (pipelines[0].InputReference is not { } inputs)
        {
            return new ReferenceSummary(0, [], null, pipelines[0].MissingTokens);
        }
        var origins = PipelineColumns.Origins(pipelines);
        var read = table.Encoder.Features.Select(f => origins.GetValueOrDefault(f.Name, f.Name)).ToHashSet(StringComparer.Ordinal);
        return inputs with { Features = [.. inputs.Features.Where(f => read.Contains(f.Name))] };
    }

    /// <summary>Counts of the predicted labels (every label listed), or a sketch of the predicted values (regression).</summary>
    /// <param name="task">The model's task.</param>
    /// <param name="labels">The class labels in index order (classification).</param>
    /// <param name="combined">The members' combined outputs, row-major in <see cref="ModelScoring"/>'s layout.</param>
    /// <param name="rows">How many rows <paramref name="combined"/> holds.</param>
    public static FeatureReference Predictions(string task, IReadOnlyList<string>? labels, double[] combined, int rows)
    {
        if (task == TargetTasks.Regression)
        {
            var values = new NumberSketch();
            foreach (var value in combined)
            {
                values.Add(value);
            }
            return values.Build(ReferenceSummary.PredictionName);
        }
        var counts = new long[labels!.Count];
        for (var r = 0; r < rows; r++)
        {
            counts[Metrics.ArgMax(combined.AsSpan(r * labels.Count, labels.Count))]++;
        }
        var tally = new CategoryTally();
        for (var c = 0; c < labels.Count; c++)
        {
            tally.Add(labels[c], counts[c]);
        }
        return tally.Build(ReferenceSummary.PredictionName);
    }
}
