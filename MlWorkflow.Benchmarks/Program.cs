using MlWorkflow.Benchmarks;
using MlWorkflow.Benchmarks.CsvRead;
using MlWorkflow.Benchmarks.Drift;
using MlWorkflow.Benchmarks.LogPath;
using MlWorkflow.Benchmarks.Pickup;
using MlWorkflow.Benchmarks.Preprocess;
using MlWorkflow.Benchmarks.Profile;
using MlWorkflow.Benchmarks.Serve;
using MlWorkflow.Benchmarks.Train;
using MlWorkflow.Benchmarks.Upload;

// Benchmarks are separate programs, not timed tests. Each measures ours side by side with its peer
// in the same run and prints a Markdown table for docs/BENCHMARKS.md.
var benchmark = args.FirstOrDefault() ?? "help";
if (benchmark == "pickup-enqueue")
{
    return await PickupBenchmark.EnqueueAsync(args[1..]);
}
if (benchmark == "profile-cold")
{
    return await ProfileWarmUpBenchmark.ProfileColdAsync(args[1], int.Parse(args[2]));
}
if (benchmark == "profile-warmup")
{
    // --only NAME keeps the configurations whose name contains NAME.
    var only = args.SkipWhile(arg => arg != "--only").Skip(1).FirstOrDefault();
    return await ProfileWarmUpBenchmark.RunAsync(BenchmarkOptions.Parse([.. args.Skip(1).TakeWhile(arg => arg != "--only")]), only);
}
if (benchmark == "train-cold")
{
    return await TrainWarmUpBenchmark.TrainColdAsync(args[1], args[2] == "1");
}
if (benchmark == "train-warmup")
{
    return await TrainWarmUpBenchmark.RunAsync(args.Length > 2 && args[1] == "--runs" ? int.Parse(args[2]) : 2);
}
if (benchmark == "profile-run")
{
    return await ProfileBenchmark.ProfileFileAsync(args[1]);
}
if (benchmark == "preprocess-run")
{
    return await PreprocessBenchmark.PreprocessFileAsync(args[1], args[2]);
}
if (benchmark == "train-replan" && args.Length > 1)
{
    // Today's planner against a recorded run's trials: train-replan FILE.csv [--budget S] [--seed N] (the run's).
    return TrainOptions.TryParse(args[2..]) is { } replan ? await ReplanBenchmark.RunAsync(args[1], replan.Budget, replan.Seed) : 2;
}
if (benchmark == "serve")
{
    return await ServeBenchmark.RunAsync(args[1..]);
}
if (benchmark == "train")
{
    return TrainOptions.TryParse(args[1..]) is { } trainOptions ? await TrainBenchmark.RunAsync(trainOptions) : 2;
}
if (benchmark == "drift")
{
    return await DriftBenchmark.RunAsync(args[1..]);
}
var options = BenchmarkOptions.Parse(args.Skip(1).ToArray());

return benchmark switch
{
    "upload" => await UploadBenchmark.RunAsync(options),
    "pickup" => await PickupBenchmark.RunAsync(options),
    "logs" => await LogPathBenchmark.RunAsync(options),
    "profile" => await ProfileBenchmark.RunAsync(options),
    "preprocess" => await PreprocessBenchmark.RunAsync(options),
    "csv-read" => await CsvReadBenchmark.RunAsync(options),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("""
        usage: dotnet run -c Release --project MlWorkflow.Benchmarks -- <benchmark> [options]
          upload [--mb N] [--runs N]            streamed CSV upload through the Api vs a binary COPY of the same bytes into PostgreSQL
          pickup [--tasks N] [--per-second N]   Hangfire pick-up latency, our settings vs Hangfire.PostgreSql's defaults
          logs [--entries N] [--per-second N] [--runs N]
                                                log path emitter → /ws/logs client vs polling GET /api/logs every second
          profile [--rows N] [--runs N]         streaming profile of a 20-column CSV vs pandas (python3-pandas)
          preprocess [--rows N] [--runs N]      fit + transform + write of the same CSV vs pandas + scikit-learn, outputs compared
          profile-warmup [--rows N] [--runs N] [--only NAME]
                                                1st, 2nd and 3rd profile in a fresh process: runtime settings and the warm-up
          train [--budget S] [--datasets a,b] [--seed N] [--trials FILE.csv]
                                                our model search vs scikit-learn's best of a linear model and HistGradientBoosting
                                                on a seeded 80/20 split of each dataset (python3-sklearn), prediction speed, the plan
                                                vs what ran; every trial to FILE.csv (Train/fit_cost.py fits the plan's cost model)
          train-replan FILE.csv [--budget S] [--seed N]
                                                today's plan against the trials a train run recorded (its budget and seed)
          train-warmup [--runs N]               1st, 2nd and 3rd model search in a fresh worker-like process, with and without TrainerWarmUp
          csv-read [--rows N] [--runs N]        the Engine's CSV reader vs Sylvan.Data.Csv, every field of the profile benchmark's file
          serve [--seconds S] [--connections 1,16,64]
                                                predictions over HTTP (wrk): our deployment endpoint with logging on and off, the package
                                                in process (the ceiling), FastAPI + uvicorn + scikit-learn (python3-fastapi, -uvicorn)
          drift [--rows N] [--runs N]           a drift check of N (10,000) logged rows × 20 columns vs numpy + scipy on the exact
                                                reference (python3-scipy), values compared
        """);
    return 2;
}
