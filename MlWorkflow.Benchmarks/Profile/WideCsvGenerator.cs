using System.Globalization;
using System.Text;

namespace MlWorkflow.Benchmarks.Profile;

/// <summary>
/// The profiling benchmark file: a seeded CSV of 20 mixed columns — floats and ints with holes,
/// categoricals of low and very high cardinality, booleans, an ISO date, a quoted text column with commas.
/// </summary>
public static class WideCsvGenerator
{
    private static readonly string[] s_colours = ["red", "green", "blue", "yellow", "black", "white"];
    private static readonly string[] s_plans = ["free", "basic", "pro", "enterprise"];
    private static readonly string[] s_countries = ["DE", "FR", "US", "GB", "JP", "BR", "IN", "NG", "AU", "CA", "MX", "ES"];

    public const string Header =
        "id,amount,price,score,ratio,count,age,visits,colour,plan,country,customer,session,active,verified,signed_up,last_seen,latitude,rating,comment";

    public static async Task<string> WriteAsync(int rows, int seed = 7)
    {
        var path = Path.Combine(Path.GetTempPath(), $"mlworkflow-profile-{rows}-{seed}.csv");
        if (File.Exists(path))
        {
            return path;
        }
        var random = new Random(seed);
        var temporary = path + ".partial";
        await using (var writer = new StreamWriter(temporary, append: false, new UTF8Encoding(false), 1 << 20))
        {
            await writer.WriteLineAsync(Header);
            var line = new StringBuilder(512);
            var start = new DateOnly(2015, 1, 1);
            for (var row = 1; row <= rows; row++)
            {
                line.Clear().Append(row).Append(',');
                Hole(line, random, 10, () => (random.NextDouble() * 1000).ToString("F3", CultureInfo.InvariantCulture));
                Hole(line, random, 50, () => Math.Exp(random.NextDouble() * 8).ToString("F2", CultureInfo.InvariantCulture));
                Hole(line, random, 0, () => (random.NextDouble() * 2 - 1).ToString("G6", CultureInfo.InvariantCulture));
                Hole(line, random, 20, () => random.NextDouble().ToString("F4", CultureInfo.InvariantCulture));
                Hole(line, random, 20, () => random.Next(0, 500).ToString(CultureInfo.InvariantCulture));
                Hole(line, random, 8, () => random.Next(18, 90).ToString(CultureInfo.InvariantCulture));
                Hole(line, random, 0, () => random.Next(0, 10_000).ToString(CultureInfo.InvariantCulture));
                line.Append(s_colours[random.Next(s_colours.Length)]).Append(',');
                line.Append(s_plans[random.Next(s_plans.Length)]).Append(',');
                Hole(line, random, 30, () => s_countries[random.Next(s_countries.Length)]);
                line.Append('C').Append(random.Next(1_000_000).ToString("D7", CultureInfo.InvariantCulture)).Append(',');
                line.Append(random.NextInt64().ToString("x16", CultureInfo.InvariantCulture)).Append(',');
                line.Append(random.Next(2) == 0 ? "true" : "false").Append(',');
                Hole(line, random, 15, () => random.Next(3) == 0 ? "False" : "True");
                line.Append(start.AddDays(random.Next(3650)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append(',');
                Hole(line, random, 25, () => start.AddDays(random.Next(3650)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                Hole(line, random, 0, () => (random.NextDouble() * 180 - 90).ToString("F5", CultureInfo.InvariantCulture));
                Hole(line, random, 40, () => random.Next(1, 6).ToString(CultureInfo.InvariantCulture));
                line.Append("\"Row ").Append(row).Append(", said \"\"fine\"\", then left\"");
                await writer.WriteLineAsync(line);
            }
        }
        File.Move(temporary, path, overwrite: true);
        return path;
    }

    /// <summary>Appends a value (or, one time in <paramref name="oneIn"/>, nothing) and a comma.</summary>
    private static void Hole(StringBuilder line, Random random, int oneIn, Func<string> value)
    {
        if (oneIn == 0 || random.Next(oneIn) != 0)
        {
            line.Append(value());
        }
        line.Append(',');
    }
}
