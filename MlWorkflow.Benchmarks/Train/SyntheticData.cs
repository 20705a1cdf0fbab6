using System.Globalization;
using System.Text;
using MlWorkflow.Engine.Targets;

namespace MlWorkflow.Benchmarks.Train;

/// <summary>
/// Seeded generated datasets, larger than the committed ones, so that the train benchmark also covers the holdout path
/// (20,000 rows and more) and shapes the samples do not have. Each has numeric features that carry signal in a
/// non-linear way (interactions, a sine, thresholds), pure-noise columns, a categorical column, and 2 % missing cells.
/// </summary>
public static class SyntheticData
{
    private static readonly string[] s_regions = ["north", "south", "east", "west", "centre"];

    /// <summary>Writes <paramref name="rows"/> rows of the task's generator to <paramref name="path"/> (target column "y").</summary>
    public static void Write(string path, string task, int rows, int seed)
    {
        var random = new Random(seed);
        const int Informative = 6, Noise = 10;
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16);
        writer.Write(string.Join(',', Enumerable.Range(1, Informative + Noise).Select(i => $"x{i}").Append("region").Append("y")) + "\n");
        var x = new double[Informative + Noise];
        var line = new StringBuilder(256);
        for (var r = 0; r < rows; r++)
        {
            line.Clear();
            for (var i = 0; i < x.Length; i++)
            {
                x[i] = random.NextDouble();
                line.Append(random.Next(50) == 0 ? "" : x[i].ToString("0.####", CultureInfo.InvariantCulture)).Append(',');
            }
            var region = random.Next(s_regions.Length);
            line.Append(s_regions[region]).Append(',');
            // Friedman's #1 function plus a region effect: linear, quadratic, interaction and sine parts.
            var f = (10 * Math.Sin(Math.PI * x[0] * x[1])) + (20 * (x[2] - 0.5) * (x[2] - 0.5)) + (10 * x[3]) + (5 * x[4]) + (3 * (x[5] > 0.7 ? 1 : 0)) + region - 2;
            var noise = Gaussian(random);
            line.Append(task switch
            {
                // Shifted to stay positive, as counts and amounts are: the Poisson regression refuses negative labels.
                TargetTasks.Regression => Math.Max(0, f + noise + 5).ToString("0.####", CultureInfo.InvariantCulture),
                // The threshold is about the median, so the classes are balanced.
                TargetTasks.Binary => f + (2 * noise) > 15.3 ? "yes" : "no",
                // Four bands of about a quarter each: neighbouring classes overlap where the noise crosses a boundary.
                _ => ((f + (1.5 * noise)) switch { < 11.5 => "low", < 15.3 => "mid", < 19.1 => "high", _ => "top" }),
            });
            writer.Write(line.Append('\n'));
        }
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
