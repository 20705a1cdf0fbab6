using System.Globalization;
using System.Text;

namespace MlWorkflow.Engine.Profiling;

/// <summary>
/// A small seeded CSV with a column of every kind the profiler tells apart (identifier, decimals with missing
/// values, integers, exponents and infinities, categories, placeholders, a high-cardinality code, booleans, dates,
/// date-times, a constant, an empty and a mixed column, quoted text with commas and doubled quotes, a label), so
/// that profiling it runs each of the profiler's code paths.
/// </summary>
internal static class WarmUpCsv
{
    private static readonly string[] s_colours = ["red", "green", "blue", "yellow", "black"];
    private static readonly string[] s_plans = ["free", "basic", "pro", "?"];

    public static byte[] Create(int rows, int seed = 1)
    {
        var random = new Random(seed);
        var csv = new StringBuilder(rows * 200);
        csv.Append("id,amount,count,score,ratio,age,colour,plan,country,code,session,active,verified,signed_up,last_seen,constant,empty,mixed,comment,label\n");
        var start = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        for (var row = 1; row <= rows; row++)
        {
            var amount = random.NextDouble() * 1000;
            Field(csv, row);
            Field(csv, random.Next(10) == 0 ? "NA" : amount.ToString("F3", CultureInfo.InvariantCulture));
            Field(csv, random.Next(20) == 0 ? "" : Number(random.Next(0, 500)));
            Field(csv, (random.NextDouble() - 0.5).ToString("E3", CultureInfo.InvariantCulture));
            Field(csv, random.Next(200) == 0 ? "inf" : Math.Exp(random.NextDouble() * 6).ToString("F2", CultureInfo.InvariantCulture));
            Field(csv, random.Next(18, 90));
            Field(csv, s_colours[random.Next(s_colours.Length)]);
            Field(csv, s_plans[random.Next(s_plans.Length)]);
            Field(csv, random.Next(30) == 0 ? "null" : ((char)('A' + random.Next(12))).ToString() + "X");
            Field(csv, "C" + random.Next(1_000_000).ToString("D7", CultureInfo.InvariantCulture));
            Field(csv, random.NextInt64().ToString("x16", CultureInfo.InvariantCulture));
            Field(csv, random.Next(2) == 0 ? "true" : "false");
            Field(csv, random.Next(15) == 0 ? "" : random.Next(3) == 0 ? "no" : "yes");
            Field(csv, start.AddDays(random.Next(1500)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            Field(csv, start.AddMinutes(random.Next(2_000_000)).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            Field(csv, "x");
            Field(csv, "");
            Field(csv, random.Next(4) == 0 ? "n/k" : Number(random.Next(100)));
            csv.Append("\"Row ").Append(row).Append(", said \"\"fine\"\", then left by the side door, as every row does\"").Append(',');
            csv.Append(amount > 500 ^ random.Next(10) == 0 ? "yes" : "no").Append('\n');
        }
        return Encoding.UTF8.GetBytes(csv.ToString());
    }

    private static void Field(StringBuilder csv, string value) => csv.Append(value).Append(',');

    private static void Field(StringBuilder csv, int value) => csv.Append(value).Append(',');

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
