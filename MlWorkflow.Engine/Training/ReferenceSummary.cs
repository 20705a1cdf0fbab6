
namespace MlWorkflow.Engine.Training;

/// <summary>
/// What the training data looked like, per feature as the model reads it, kept in the package so drift checks compare
/// live inputs without the training file: the missing rate, and for numbers decile bin edges with counts, mean and
/// std; for categories each one's count (rows in none of them count as other or missing).
/// </summary>
public sealed record ReferenceSummary(long Rows, IReadOnlyList<FeatureReference> Features)
{
    public const int Bins = 10;

    public static ReferenceSummary Of(TrainingTable table)
    {
        var features = new List<FeatureReference>();
        for (var f = 0; f < table.Encoder.Features.Count; f++)
        {
            var spec = table.Encoder.Features[f];
            var offset = table.Encoder.Offsets[f];
            if (spec.Kind == FeatureSpec.Category)
            {
                var counts = new long[spec.Width];
                long none = 0;
                for (var r = 0; r < table.Rows; r++)
                {
                    var row = table.Row(r).Slice(offset, spec.Width);
                    var hit = row.IndexOf(1f);
                    if (hit >= 0)
                    {
                        counts[hit]++;
                    }
                    else
                    {
                        none++;
                    }
                }
                features.Add(new FeatureReference(spec.Name, spec.Kind, Math.Round((double)none / table.Rows, 6), null, null, null, null, spec.Categories, counts));
                continue;
            }
            var values = new List<double>(table.Rows);
            for (var r = 0; r < table.Rows; r++)
            {
                var value = table.Features[(r * table.Width) + offset];
                if (!float.IsNaN(value))
                {
                    values.Add(value);
                }
            }
            values.Sort();
            var missingRate = Math.Round(1 - ((double)values.Count / table.Rows), 6);
            if (values.Count == 0)
            {
                features.Add(new FeatureReference(spec.Name, spec.Kind, missingRate, null, null, null, null, null, null));
                continue;
            }
            var edges = Enumerable.Range(0, Bins + 1).Select(i => values[(int)Math.Round((double)i / Bins * (values.Count - 1))]).Distinct().ToArray();
            var binCounts = new long[Math.Max(1, edges.Length - 1)];
            foreach (var value in values)
            {
                var bin = Array.BinarySearch(edges, value);
                bin = bin >= 0 ? bin : ~bin - 1;
                binCounts[Math.Clamp(bin, 0, binCounts.Length - 1)]++;
            }
            var mean = values.Average();
            var std = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / values.Count);
            features.Add(new FeatureReference(spec.Name, spec.Kind, missingRate, [.. edges.Select(e => Math.Round(e, 6))], binCounts,
                Math.Round(mean, 6), Math.Round(std, 6), null, null));
        }
        return new ReferenceSummary(table.Rows, features);
    }
}

public sealed record FeatureReference(
    string Name,
    string Kind,
    double MissingRate,
    IReadOnlyList<double>? Edges,
    IReadOnlyList<long>? Counts,
    double? Mean,
    double? Std,
    IReadOnlyList<string>? Categories,
    IReadOnlyList<long>? CategoryCounts);
