using System.Runtime.CompilerServices;

namespace MlWorkflow.Engine.Profiling.Correlations;

/// <summary>
/// Pairwise association measures over the rows where both columns have a value (NaN or code −1 marks a
/// missing one). Each returns null when undefined: fewer than two such rows, or no variation.
/// </summary>
internal static class Association
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double? Pearson(double[] x, double[] y)
    {
        double sumX = 0, sumY = 0;
        var n = 0;
        for (var i = 0; i < x.Length; i++)
        {
            if (!double.IsNaN(x[i]) && !double.IsNaN(y[i]))
            {
                sumX += x[i];
                sumY += y[i];
                n++;
            }
        }
        if (n < 2)
        {
            return null;
        }
        double meanX = sumX / n, meanY = sumY / n, sxx = 0, syy = 0, sxy = 0;
        for (var i = 0; i < x.Length; i++)
        {
            if (!double.IsNaN(x[i]) && !double.IsNaN(y[i]))
            {
                var dx = x[i] - meanX;
                var dy = y[i] - meanY;
                sxx += dx * dx;
                syy += dy * dy;
                sxy += dx * dy;
            }
        }
        return sxx == 0 || syy == 0 ? null : Math.Clamp(sxy / Math.Sqrt(sxx * syy), -1, 1);
    }

    /// <summary>
    /// Spearman's ρ: Pearson of the ranks (ties share their average rank) of the rows where both have a value.
    /// <paramref name="orderX"/> and <paramref name="orderY"/> list each column's rows with a value, by value
    /// (<see cref="Order"/>): ranking the rows both have then takes one walk, not a sort per pair.
    /// </summary>
    public static double? Spearman(double[] x, double[] y, double[] ranksX, double[] ranksY, int[] orderX, int[] orderY, bool xComplete, bool yComplete)
    {
        if (xComplete && yComplete)
        {
            return Pearson(ranksX, ranksY);
        }
        return Pearson(RanksWhereBoth(x, orderX, y), RanksWhereBoth(y, orderY, x));
    }

    /// <summary>The rows with a value (not NaN), ordered by value.</summary>
    public static int[] Order(double[] values)
    {
        var order = Enumerable.Range(0, values.Length).Where(i => !double.IsNaN(values[i])).ToArray();
        var keys = order.Select(i => values[i]).ToArray();
        Array.Sort(keys, order);
        return order;
    }

    /// <summary>Ranks from 1 of <paramref name="values"/> among the rows where <paramref name="other"/> has a value too (NaN elsewhere).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double[] RanksWhereBoth(double[] values, int[] order, double[] other)
    {
        var ranks = new double[values.Length];
        Array.Fill(ranks, double.NaN);
        var kept = new int[order.Length];
        var count = 0;
        foreach (var row in order)
        {
            if (!double.IsNaN(other[row]))
            {
                kept[count++] = row;
            }
        }
        AssignAverageRanks(values, kept.AsSpan(0, count), ranks);
        return ranks;
    }

    /// <summary>Ranks from 1 of the values that are not NaN (NaN stays NaN), given their <see cref="Order"/>; tied values get their average rank.</summary>
    public static double[] Ranks(double[] values, int[] order)
    {
        var ranks = new double[values.Length];
        Array.Fill(ranks, double.NaN);
        AssignAverageRanks(values, order, ranks);
        return ranks;
    }

    /// <summary>Gives the rows of <paramref name="order"/> (sorted by value) their ranks from 1; tied values get their average rank.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AssignAverageRanks(double[] values, ReadOnlySpan<int> order, double[] ranks)
    {
        for (var start = 0; start < order.Length;)
        {
            var end = start + 1;
            while (end < order.Length && values[order[end]] == values[order[start]])
            {
                end++;
            }
            var rank = (start + 1 + end) / 2.0;
            for (var i = start; i < end; i++)
            {
                ranks[order[i]] = rank;
            }
            start = end;
        }
    }

    /// <summary>Cramér's V with Bergsma's (2013) bias correction, in [0, 1]; codes are 0-based, −1 missing.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double? CramersV(int[] a, int[] b)
    {
        var cells = new Dictionary<long, long>();
        var rows = new Dictionary<int, long>();
        var columns = new Dictionary<int, long>();
        long n = 0;
        for (var i = 0; i < a.Length; i++)
        {
            if (a[i] < 0 || b[i] < 0)
            {
                continue;
            }
            n++;
            var key = ((long)a[i] << 32) | (uint)b[i];
            cells[key] = cells.GetValueOrDefault(key) + 1;
            rows[a[i]] = rows.GetValueOrDefault(a[i]) + 1;
            columns[b[i]] = columns.GetValueOrDefault(b[i]) + 1;
        }
        if (n < 2)
        {
            return null;
        }
        // χ² = n (Σ O² / (row total × column total) − 1), summed over the non-empty cells only.
        var sum = 0.0;
        foreach (var (key, observed) in cells)
        {
            sum += (double)observed * observed / ((double)rows[(int)(key >> 32)] * columns[(int)(uint)key]);
        }
        var phi2 = Math.Max(0, sum - 1);
        double r = rows.Count, k = columns.Count;
        var corrected = Math.Max(0, phi2 - (k - 1) * (r - 1) / (n - 1));
        var rCorrected = r - (r - 1) * (r - 1) / (n - 1);
        var kCorrected = k - (k - 1) * (k - 1) / (n - 1);
        var denominator = Math.Min(kCorrected - 1, rCorrected - 1);
        return denominator <= 0 ? null : Math.Clamp(Math.Sqrt(corrected / denominator), 0, 1);
    }

    /// <summary>Correlation ratio η = √(between-category sum of squares / total sum of squares) of numbers <paramref name="y"/> by categories <paramref name="codes"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double? CorrelationRatio(double[] y, int[] codes)
    {
        var sums = new Dictionary<int, (double Sum, long Count)>();
        double total = 0;
        long n = 0;
        for (var i = 0; i < y.Length; i++)
        {
            if (double.IsNaN(y[i]) || codes[i] < 0)
            {
                continue;
            }
            var (sum, count) = sums.GetValueOrDefault(codes[i]);
            sums[codes[i]] = (sum + y[i], count + 1);
            total += y[i];
            n++;
        }
        if (n < 2)
        {
            return null;
        }
        var mean = total / n;
        double totalSquares = 0;
        for (var i = 0; i < y.Length; i++)
        {
            if (!double.IsNaN(y[i]) && codes[i] >= 0)
            {
                totalSquares += (y[i] - mean) * (y[i] - mean);
            }
        }
        var between = sums.Values.Sum(group => group.Count * Math.Pow(group.Sum / group.Count - mean, 2));
        return totalSquares == 0 ? null : Math.Clamp(Math.Sqrt(between / totalSquares), 0, 1);
    }
}
