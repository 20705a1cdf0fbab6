using Microsoft.ML;
using Microsoft.ML.Data;
using MlWorkflow.Engine.Targets;

namespace MlWorkflow.Engine.Training;

/// <summary>Reads a fitted model's predictions in one layout for every trainer: per row, class probabilities (summing to 1) or the value.</summary>
internal static class ModelScoring
{
    public static double[] Predict(ITransformer model, IDataView view, string task, int classes)
    {
        var scored = model.Transform(view);
        var rows = (int)(view.GetRowCount() ?? 0);
        var width = Metrics.Width(task, classes);
        var output = new double[rows * width];
        var column = scored.Schema[task == TargetTasks.Binary ? "Probability" : "Score"];
        using var cursor = scored.GetRowCursor([column]);
        var row = 0;
        if (task == TargetTasks.Multiclass)
        {
            var getter = cursor.GetGetter<VBuffer<float>>(column);
            var buffer = default(VBuffer<float>);
            while (cursor.MoveNext())
            {
                getter(ref buffer);
                var target = output.AsSpan(row * width, width);
                double sum = 0;
                foreach (var (slot, value) in buffer.Items())
                {
                    var p = float.IsFinite(value) ? Math.Max(0, value) : 0;
                    target[slot] = p;
                    sum += p;
                }
                for (var c = 0; c < width; c++)
                {
                    target[c] = sum > 0 ? target[c] / sum : 1.0 / width;
                }
                row++;
            }
        }
        else
        {
            var getter = cursor.GetGetter<float>(column);
            float value = 0;
            while (cursor.MoveNext())
            {
                getter(ref value);
                if (task == TargetTasks.Binary)
                {
                    var p = float.IsFinite(value) ? Math.Clamp(value, 0, 1) : 0.5;
                    output[2 * row] = 1 - p;
                    output[(2 * row) + 1] = p;
                }
                else
                {
                    output[row] = value;
                }
                row++;
            }
        }
        return output;
    }
}
