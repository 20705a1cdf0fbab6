using System.Globalization;
using System.Text;

namespace MlWorkflow.Benchmarks;

/// <summary>Writes a seeded CSV of mixed columns (floats and ints with holes, categoricals, a date, quoted text).</summary>
public static class CsvGenerator
{
    private static readonly string[] s_colours = ["red", "green", "blue", "yellow", "black", "white"];

    public static async Task<string> WriteAsync(long targetBytes, int seed = 42)
    {
        var path = Path.Combine(Path.GetTempPath(), $"mlworkflow-bench-{targetBytes}-{seed}.csv");
        if (File.Exists(path) && new FileInfo(path).Length >= targetBytes)
        {
            return path;
        }

        var random = new Random(seed);
        await using var writer = new StreamWriter(path, append: false, new UTF8Encoding(false), 1 << 20);
        await writer.WriteLineAsync("id,amount,count,colour,customer,signed_up,active,comment");
        var line = new StringBuilder(256);
        for (long row = 1; writer.BaseStream.Length < targetBytes; row++)
        {
            line.Clear()
                .Append(row).Append(',')
                .Append(random.Next(10) == 0 ? "" : (random.NextDouble() * 1000).ToString("F3", CultureInfo.InvariantCulture)).Append(',')
                .Append(random.Next(20) == 0 ? "" : random.Next(0, 500).ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(s_colours[random.Next(s_colours.Length)]).Append(',')
                .Append("C").Append(random.Next(1_000_000).ToString("D7", CultureInfo.InvariantCulture)).Append(',')
                .Append(new DateOnly(2015, 1, 1).AddDays(random.Next(3650)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append(',')
                .Append(random.Next(2) == 0 ? "true" : "false").Append(',')
                .Append("\"Row ").Append(row).Append(", said \"\"fine\"\" and left\"");
            await writer.WriteLineAsync(line);
        }
        return path;
    }
}
