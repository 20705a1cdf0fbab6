using System.Globalization;
using MlWorkflow.Engine.Drift;
using MlWorkflow.Engine.Training;
using MlWorkflow.Tests.Engine.Training;

namespace MlWorkflow.Tests.Engine.Drift;

/// <summary>Sample rows as a deployment logs them (cells by column name), drawn and altered the way the drift tests need.</summary>
internal static class DriftTestKit
{
    /// <summary>The data rows of a sample whose <paramref name="target"/> is not empty (the rows a model trains on).</summary>
    public static List<Dictionary<string, string?>> TrainingRows(string file, string target)
    {
        var lines = File.ReadAllLines(TrainingTestKit.SamplePath(file));
        var header = lines[0].Split(',');
        return [.. lines.Skip(1).Where(line => line.Length > 0)
            .Select(line => header.Zip(line.Split(',')).ToDictionary(p => p.First, p => (string?)p.Second, StringComparer.Ordinal))
            .Where(row => !string.IsNullOrEmpty(row[target]))];
    }

    /// <summary><paramref name="count"/> rows drawn with replacement (seeded), each a copy.</summary>
    public static List<Dictionary<string, string?>> Draw(IReadOnlyList<Dictionary<string, string?>> rows, int count, int seed = 42)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ => new Dictionary<string, string?>(rows[random.Next(rows.Count)], StringComparer.Ordinal))];
    }

    /// <summary>Adds <paramref name="delta"/> to every number of <paramref name="column"/>, leaving missing cells missing.</summary>
    public static void Shift(IEnumerable<Dictionary<string, string?>> rows, string column, double delta)
    {
        foreach (var row in rows)
        {
            if (double.TryParse(row[column], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                row[column] = (value + delta).ToString("R", CultureInfo.InvariantCulture);
            }
        }
    }

    public static void SetAll(IEnumerable<Dictionary<string, string?>> rows, string column, string? value)
    {
        foreach (var row in rows)
        {
            row[column] = value;
        }
    }

    public static IEnumerable<LoggedRow> Logged(IEnumerable<Dictionary<string, string?>> rows) => rows.Select(row => new LoggedRow(row, null));

    public static double[] Numbers(IEnumerable<Dictionary<string, string?>> rows, string column) =>
        [.. rows.Select(row => double.TryParse(row[column], NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : double.NaN)
            .Where(double.IsFinite)];

    public static FeatureReference Feature(ReferenceSummary reference, string name) => reference.Features.Single(f => f.Name == name);

    /// <summary>The exact Wasserstein-1 distance of two samples, ∫ |Fa(x) − Fb(x)| dx (scipy.stats.wasserstein_distance).</summary>
    public static double ExactWasserstein(IEnumerable<double> a, IEnumerable<double> b)
    {
        var left = a.Order().ToArray();
        var right = b.Order().ToArray();
        var points = left.Concat(right).Order().ToArray();
        double total = 0;
        int i = 0, j = 0;
        for (var k = 0; k < points.Length - 1; k++)
        {
            while (i < left.Length && left[i] <= points[k])
            {
                i++;
            }
            while (j < right.Length && right[j] <= points[k])
            {
                j++;
            }
            total += (points[k + 1] - points[k]) * Math.Abs(((double)i / left.Length) - ((double)j / right.Length));
        }
        return total;
    }
}
