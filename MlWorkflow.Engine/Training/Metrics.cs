using MlWorkflow.Engine.Targets;

namespace MlWorkflow.Engine.Training;

/// <summary>
/// Scores predictions the way scikit-learn does, so ours can be checked against it. Classification predictions are
/// probabilities, <c>classes</c> per row in class-index order; regression predictions are one value per row. ML.NET has
/// no macro-F1 and scores folds one by one, while the search needs one metric over all out-of-fold predictions.
/// </summary>
public static class Metrics
{
    private const double Epsilon = 1e-15;

    /// <summary>The metric over all rows; <c>labels</c> are per row the class index or the target value.</summary>
    public static double Score(string metric, ReadOnlySpan<float> labels, ReadOnlySpan<double> predictions, int classes) => metric switch
    {
        TrainingMetrics.Auc => Auc(labels, predictions),
        TrainingMetrics.Accuracy => Accuracy(labels, predictions, classes),
        TrainingMetrics.F1 => F1(labels, predictions),
        TrainingMetrics.LogLoss => LogLoss(labels, predictions, classes),
        TrainingMetrics.MacroF1 => MacroF1(labels, predictions, classes),
        TrainingMetrics.Rmse => Math.Sqrt(Mean(labels, predictions, (y, p) => (y - p) * (y - p))),
        TrainingMetrics.Mae => Mean(labels, predictions, (y, p) => Math.Abs(y - p)),
        TrainingMetrics.R2 => R2(labels, predictions),
        _ => throw new ArgumentException($"Unknown metric '{metric}'.", nameof(metric)),
    };

    /// <summary>Every metric of the task, by name.</summary>
    public static Dictionary<string, double> All(string task, ReadOnlySpan<float> labels, ReadOnlySpan<double> predictions, int classes)
    {
        var all = new Dictionary<string, double>();
        foreach (var metric in TrainingMetrics.For(task))
        {
            all[metric] = Math.Round(Score(metric, labels, predictions, classes), 6);
        }
        return all;
    }

    /// <summary>The score turned so that larger is better (losses negated).</summary>
    public static double Objective(string metric, double score) => TrainingMetrics.HigherIsBetter(metric) ? score : -score;

    /// <summary>The class a row's probabilities pick (the first on ties, as numpy's argmax).</summary>
    public static int ArgMax(ReadOnlySpan<double> probabilities)
    {
        var best = 0;
        for (var c = 1; c < probabilities.Length; c++)
        {
            if (probabilities[c] > probabilities[best])
            {
                best = c;
            }
        }
        return best;
    }

    /// <summary>Area under the ROC curve from the positive class's probability, ties counted half (Mann–Whitney U).</summary>
    public static double Auc(ReadOnlySpan<float> labels, ReadOnlySpan<double> predictions)
    {
        var n = labels.Length;
        var scores = new double[n];
        var order = new int[n];
        for (var i = 0; i < n; i++)
        {
            scores[i] = predictions[(2 * i) + 1];
            order[i] = i;
        }
        Array.Sort(scores, order);
        double positives = 0, rankSum = 0;
        for (var i = 0; i < n;)
        {
            var j = i;
            while (j + 1 < n && scores[j + 1] == scores[i])
            {
                j++;
            }
            var rank = ((i + j) / 2.0) + 1;
            for (var t = i; t <= j; t++)
            {
                if (labels[order[t]] > 0.5f)
                {
                    positives++;
                    rankSum += rank;
                }
            }
            i = j + 1;
        }
        var negatives = n - positives;
        return positives == 0 || negatives == 0 ? 0.5 : (rankSum - (positives * (positives + 1) / 2)) / (positives * negatives);
    }

    public static long[,] Confusion(ReadOnlySpan<float> labels, ReadOnlySpan<double> predictions, int classes)
    {
        var matrix = new long[classes, classes];
        for (var i = 0; i < labels.Length; i++)
        {
            matrix[(int)labels[i], ArgMax(predictions.Slice(i * classes, classes))]++;
        }
        return matrix;
    }

    private static double Accuracy(ReadOnlySpan<float> labels, ReadOnlySpan<double> predictions, int classes)
    {
        var right = 0;
        for (var i = 0; i < labels.Length; i++)
        {
            right += ArgMax(predictions.Slice(i * classes, classes)) == (int)labels[i] ? 1 : 0;
        }
        return labels.Length == 0 ? 0 : (double)right / labels.Length;
    }

    private static double F1(ReadOnlySpan<float> labels, ReadOnlySpan<double> predictions)
    {
        var confusion = Confusion(labels, predictions, 2);
        return ClassF1(confusion, 1, 2);
    }

    private static double MacroF1(ReadOnlySpan<float> labels, ReadOnlySpan<double> predictions, int classes)
    {
        var confusion = Confusion(labels, predictions, classes);
        double sum = 0;
        var present = 0;
        for (var c = 0; c < classes; c++)
        {
            long actual = 0, predicted = 0;
            for (var o = 0; o < classes; o++)
            {
                actual += confusion[c, o];
                predicted += confusion[o, c];
            }
            // scikit-learn averages over the labels that occur in the truth or the predictions.
            if (actual + predicted > 0)
            {
                sum += ClassF1(confusion, c, classes);
                present++;
            }
        }
        return present == 0 ? 0 : sum / present;
    }

    private static double ClassF1(long[,] confusion, int c, int classes)
    {
        long truePositives = confusion[c, c], actual = 0, predicted = 0;
        for (var o = 0; o < classes; o++)
        {
            actual += confusion[c, o];
            predicted += confusion[o, c];
        }
        return actual + predicted == 0 ? 0 : 2.0 * truePositives / (actual + predicted);
    }

    private static double LogLoss(ReadOnlySpan<float> labels, ReadOnlySpan<double> predictions, int classes)
    {
        double sum = 0;
        for (var i = 0; i < labels.Length; i++)
        {
            var row = predictions.Slice(i * classes, classes);
            double total = 0;
            foreach (var p in row)
            {
                total += p;
            }
            var p0 = row[(int)labels[i]] / (total > 0 ? total : 1);
            sum -= Math.Log(Math.Clamp(p0, Epsilon, 1 - Epsilon));
        }
        return labels.Length == 0 ? 0 : sum / labels.Length;
    }

    private static double R2(ReadOnlySpan<float> labels, ReadOnlySpan<double> predictions)
    {
        double mean = 0;
        foreach (var y in labels)
        {
            mean += y;
        }
        mean /= Math.Max(1, labels.Length);
        double residual = 0, total = 0;
        for (var i = 0; i < labels.Length; i++)
        {
            residual += (labels[i] - predictions[i]) * (labels[i] - predictions[i]);
            total += (labels[i] - mean) * (labels[i] - mean);
        }
        return total == 0 ? (residual == 0 ? 1 : 0) : 1 - (residual / total);
    }

    private static double Mean(ReadOnlySpan<float> labels, ReadOnlySpan<double> predictions, Func<double, double, double> term)
    {
        double sum = 0;
        for (var i = 0; i < labels.Length; i++)
        {
            sum += term(labels[i], predictions[i]);
        }
        return labels.Length == 0 ? 0 : sum / labels.Length;
    }

    /// <summary>Whether the task's predictions are per-class probabilities.</summary>
    public static int Width(string task, int classes) => task == TargetTasks.Regression ? 1 : classes;
}
