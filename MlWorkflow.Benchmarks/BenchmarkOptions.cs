namespace MlWorkflow.Benchmarks;

/// <param name="Megabytes">upload: size of the generated CSV.</param>
/// <param name="Runs">upload, profile, csv-read: how many times to repeat.</param>
/// <param name="Tasks">pickup: jobs per configuration.</param>
/// <param name="PerSecond">pickup: enqueue rate; logs: the paced emit rate.</param>
/// <param name="Entries">logs: entries in the burst.</param>
/// <param name="Rows">profile, csv-read: rows of the generated 20-column CSV.</param>
public sealed record BenchmarkOptions(int Megabytes, int Runs, int Tasks, int PerSecond, int Entries, int Rows)
{
    public static BenchmarkOptions Parse(string[] args)
    {
        var options = new BenchmarkOptions(Megabytes: 500, Runs: 3, Tasks: 200, PerSecond: 10, Entries: 100_000, Rows: 1_000_000);
        for (var i = 0; i < args.Length - 1; i += 2)
        {
            var value = int.Parse(args[i + 1]);
            options = args[i] switch
            {
                "--mb" => options with { Megabytes = value },
                "--runs" => options with { Runs = value },
                "--tasks" => options with { Tasks = value },
                "--per-second" => options with { PerSecond = value },
                "--entries" => options with { Entries = value },
                "--rows" => options with { Rows = value },
                _ => throw new ArgumentException($"Unknown option {args[i]}."),
            };
        }
        return options;
    }
}
