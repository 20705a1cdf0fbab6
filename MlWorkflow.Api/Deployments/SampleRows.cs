using System.Globalization;
using MlWorkflow.Engine.Training;

namespace MlWorkflow.Api.Deployments;

/// <summary>A typical row of a model's training data, from the reference its package keeps: for examples and test forms.</summary>
public static class SampleRows
{
    /// <summary>
    /// Per input column: a number's median (whole when the column's values were), a category's or boolean's most frequent
    /// value, null where the reference has none (text, dates, an always-missing column).
    /// </summary>
    public static IReadOnlyDictionary<string, object?> Typical(ModelManifest manifest)
    {
        var references = manifest.Reference.Features.ToDictionary(f => f.Name, StringComparer.Ordinal);
        var row = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var column in manifest.InputSchema)
        {
            row[column.Name] = references.GetValueOrDefault(column.Name) switch
            {
                { Number: { } number } => Median(number),
                { Kind: FeatureSpec.Boolean, Category: { Categories.Count: > 0 } category } => Boolean(Mode(category)),
                { Category: { Categories.Count: > 0 } category } => Mode(category),
                _ => null,
            };
        }
        return row;
    }

    private static double Median(NumberReference number)
    {
        var median = number.Quantiles[Index(0.5)];
        var whole = number.Edges.All(e => e == Math.Floor(e));
        return whole ? Math.Round(median) : Math.Round(median, 4);
    }

    private static int Index(double level)
    {
        var levels = NumberReference.QuantileLevels;
        for (var i = 0; i < levels.Count; i++)
        {
            if (Math.Abs(levels[i] - level) < 1e-9)
            {
                return i;
            }
        }
        throw new InvalidOperationException($"The quantile level {level.ToString(CultureInfo.InvariantCulture)} is not kept.");
    }

    private static string Mode(CategoryReference category) => category.Categories[category.Counts.Select((c, i) => (c, i)).MaxBy(x => x.c).i];

    // A boolean goes out as JSON true/false, which the predict endpoint reads whatever words training saw.
    private static object Boolean(string value) => value.ToLowerInvariant() is "true" or "yes" or "y" or "t" or "1" ? true
        : value.ToLowerInvariant() is "false" or "no" or "n" or "f" or "0" ? false : value;
}
