Console.WriteLine("MlWorkflow benchmarks: see docs/BENCHMARKS.md");
