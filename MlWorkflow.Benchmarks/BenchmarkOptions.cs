namespace MlWorkflow.Benchmarks;

public sealed record BenchmarkOptions(int Megabytes, int Runs)
{
    public static BenchmarkOptions Parse(string[] args)
    {
        var megabytes = 500;
        var runs = 3;
        for (var i = 0; i < args.Length - 1; i += 2)
        {
            switch (args[i])
            {
                case "--mb": megabytes = int.Parse(args[i + 1]); break;
                case "--runs": runs = int.Parse(args[i + 1]); break;
                default: throw new ArgumentException($"Unknown option {args[i]}.");
            }
        }
        return new BenchmarkOptions(megabytes, runs);
    }
}
