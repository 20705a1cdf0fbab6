namespace MlWorkflow.Tests.Engine.Profiling;

/// <summary>Association measures written the textbook way (pairwise-complete rows), to check the profiler against.</summary>
internal static class CorrelationReference
{
    public static double? Pearson(double?[] x, double?[] y)
    {
        var pairs = x.Zip(y).Where(pair => pair.First.HasValue && pair.Second.HasValue).Select(pair => (X: pair.First!.Value, Y: pair.Second!.Value)).ToArray();
        if (pairs.Length < 2)
        {
            return null;
        }
        var meanX = pairs.Average(pair => pair.X);
        var meanY = pairs.Average(pair => pair.Y);
        var sxy = pairs.Sum(pair => (pair.X - meanX) * (pair.Y - meanY));
        var sxx = pairs.Sum(pair => (pair.X - meanX) * (pair.X - meanX));
        var syy = pairs.Sum(pair => (pair.Y - meanY) * (pair.Y - meanY));
        return sxx == 0 || syy == 0 ? null : sxy / Math.Sqrt(sxx * syy);
    }

    public static double? Spearman(double?[] x, double?[] y)
    {
        var both = x.Zip(y).Where(pair => pair.First.HasValue && pair.Second.HasValue).ToArray();
        return Pearson(AverageRanks([.. both.Select(pair => pair.First!.Value)]), AverageRanks([.. both.Select(pair => pair.Second!.Value)]));
    }

    /// <summary>Rank = number of smaller values + (number of equal values + 1) / 2.</summary>
    private static double?[] AverageRanks(double[] values) =>
        [.. values.Select(value => (double?)(values.Count(other => other < value) + (values.Count(other => other == value) + 1) / 2.0))];

    /// <summary>Bergsma's bias-corrected Cramér's V from the full contingency table and its expected counts.</summary>
    public static double? CramersV(string?[] a, string?[] b)
    {
        var pairs = a.Zip(b).Where(pair => pair.First is not null && pair.Second is not null).ToArray();
        double n = pairs.Length;
        var rows = pairs.Select(pair => pair.First).Distinct().ToArray();
        var columns = pairs.Select(pair => pair.Second).Distinct().ToArray();
        var chi2 = 0.0;
        foreach (var row in rows)
        {
            foreach (var column in columns)
            {
                var observed = pairs.Count(pair => pair.First == row && pair.Second == column);
                var expected = pairs.Count(pair => pair.First == row) * pairs.Count(pair => pair.Second == column) / n;
                chi2 += (observed - expected) * (observed - expected) / expected;
            }
        }
        double r = rows.Length, k = columns.Length;
        var phi2 = Math.Max(0, chi2 / n - (k - 1) * (r - 1) / (n - 1));
        var denominator = Math.Min(k - (k - 1) * (k - 1) / (n - 1) - 1, r - (r - 1) * (r - 1) / (n - 1) - 1);
        return denominator <= 0 ? null : Math.Sqrt(phi2 / denominator);
    }

    public static double? Eta(double?[] y, string?[] groups)
    {
        var pairs = y.Zip(groups).Where(pair => pair.First.HasValue && pair.Second is not null).Select(pair => (Y: pair.First!.Value, Group: pair.Second!)).ToArray();
        var mean = pairs.Average(pair => pair.Y);
        var total = pairs.Sum(pair => (pair.Y - mean) * (pair.Y - mean));
        var between = pairs.GroupBy(pair => pair.Group).Sum(group => group.Count() * Math.Pow(group.Average(pair => pair.Y) - mean, 2));
        return total == 0 ? null : Math.Sqrt(between / total);
    }
}
