using System.Globalization;

namespace MlWorkflow.Benchmarks.Drift;

/// <summary>
/// Seeded synthetic rows of 20 input columns as a deployment logs them (strings, "" = missing): 12 numbers of different
/// shapes, 6 categories (3 to 200 values, one above the 100 a reference keeps), 2 booleans, and a predicted label. A drifted
/// window moves four columns (a shift, a missing rate, a category mix, a boolean share) and the predictions a little.
/// </summary>
internal static class DriftData
{
    public static readonly (string Name, string Kind)[] Columns =
    [
        ("n00_normal", "number"), ("n01_income", "number"), ("n02_uniform", "number"), ("n03_count", "number"),
        ("n04_holes", "number"), ("n05_wait", "number"), ("n06_z", "number"), ("n07_age", "number"),
        ("n08_bimodal", "number"), ("n09_tail", "number"), ("n10_mostly_zero", "number"), ("n11_price", "number"),
        ("c00_tier", "category"), ("c01_channel", "category"), ("c02_city", "category"), ("c03_product", "category"),
        ("c04_plan", "category"), ("c05_country", "category"), ("b00_active", "boolean"), ("b01_verified", "boolean"),
    ];

    public static readonly string[] Labels = ["a", "b", "c"];

    /// <summary>Rows of cells in <see cref="Columns"/> order, then the predicted label.</summary>
    public static List<string[]> Rows(int count, bool drifted, int seed)
    {
        var random = new Random(seed);
        var rows = new List<string[]>(count);
        for (var r = 0; r < count; r++)
        {
            rows.Add(
            [
                Number(Normal(random, drifted ? 55 : 50, 10)),
                Number(Math.Exp(Normal(random, 10, 0.8))),
                Number(random.NextDouble()),
                Number(Math.Min(20, (int)(-Math.Log(1 - random.NextDouble()) * 4))),
                random.NextDouble() < (drifted ? 0.3 : 0.05) ? "" : Number(Normal(random, 0, 3)),
                Number(-Math.Log(1 - random.NextDouble()) * 30),
                Number(Normal(random, 0, 1)),
                Number(random.Next(18, 91)),
                Number(random.NextDouble() < 0.4 ? Normal(random, 10, 2) : Normal(random, 30, 4)),
                Number(Normal(random, 0, 1) / Math.Max(0.05, random.NextDouble())),
                random.NextDouble() < 0.9 ? "0" : Number(random.Next(1, 500)),
                Number(Math.Round(Normal(random, 1_000, 300), 2)),
                Pick(random, ["gold", "silver", "bronze"], 1.0),
                Pick(random, Names("channel", 10), drifted ? 0.3 : 1.2),
                Pick(random, Names("city", 50), 1.1),
                Pick(random, Names("product", 200), 0.9),
                random.NextDouble() < 0.05 ? "" : Pick(random, Names("plan", 5), 0.8),
                Pick(random, Names("country", 20), 1.3),
                random.NextDouble() < (drifted ? 0.8 : 0.6) ? "true" : "false",
                random.NextDouble() < 0.7 ? "yes" : "no",
                Labels[random.NextDouble() switch { < 0.5 => 0, var p when p < (drifted ? 0.75 : 0.8) => 1, _ => 2 }],
            ]);
        }
        return rows;
    }

    public static void Write(string path, List<string[]> rows)
    {
        using var writer = new StreamWriter(path);
        writer.WriteLine(string.Join(',', Columns.Select(c => c.Name).Append("prediction")));
        foreach (var row in rows)
        {
            writer.WriteLine(string.Join(',', row));
        }
    }

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static double Normal(Random random, double mean, double std) =>
        mean + (std * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));

    /// <summary>A Zipf-like draw: value i with weight 1 / (i + 1)^exponent.</summary>
    private static string Pick(Random random, string[] values, double exponent)
    {
        var weights = values.Select((_, i) => 1 / Math.Pow(i + 1, exponent)).ToArray();
        var target = random.NextDouble() * weights.Sum();
        for (var i = 0; i < values.Length; i++)
        {
            target -= weights[i];
            if (target <= 0)
            {
                return values[i];
            }
        }
        return values[^1];
    }

    private static readonly Dictionary<string, string[]> s_names = [];

    private static string[] Names(string prefix, int count) =>
        s_names.TryGetValue(prefix, out var names) ? names : s_names[prefix] = [.. Enumerable.Range(0, count).Select(i => $"{prefix}_{i:000}")];
}
