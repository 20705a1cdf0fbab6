using MlWorkflow.Benchmarks;
using MlWorkflow.Benchmarks.Upload;

// Benchmarks are separate programs, not timed tests. Each measures ours side by side with its peer
// in the same run and prints a Markdown table for docs/BENCHMARKS.md.
var benchmark = args.FirstOrDefault() ?? "help";
var options = BenchmarkOptions.Parse(args.Skip(1).ToArray());

return benchmark switch
{
    "upload" => await UploadBenchmark.RunAsync(options),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("""
        usage: dotnet run -c Release --project MlWorkflow.Benchmarks -- <benchmark> [--mb N] [--runs N]
          upload   streamed CSV upload through the Api vs a binary COPY of the same bytes into PostgreSQL
        """);
    return 2;
}
