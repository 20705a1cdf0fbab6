using System.Globalization;
using System.Text.Json;
using MlWorkflow.Core.Jobs;
using MlWorkflow.Engine;
using MlWorkflow.Engine.Alerts;
using MlWorkflow.Engine.Profiling;
using MlWorkflow.Engine.Targets;
using MlWorkflow.Engine.Training;

namespace MlWorkflow.Worker.WarmUp;

/// <summary>
/// Runs the jobs' engine code on small generated data once the worker has started, so that a user's first upload and
/// first training do not pay for compiling it (the worker compiles each method once, fully optimized: see its project
/// file; docs/BENCHMARKS.md has the figures). First the profiler (<see cref="ProfilerWarmUp"/>,
/// <c>Worker:WarmUpRounds</c> profiles, default <see cref="ProfilerWarmUp.DefaultRounds"/>, 0 = off), then, when the
/// worker takes train jobs, one trial of every trainer (<see cref="TrainerWarmUp"/>, <c>Worker:WarmUpTraining</c>,
/// default true). It runs in the background beside the Hangfire server, so health and job pick-up do not wait for it.
/// </summary>
public sealed partial class WarmUpService(IConfiguration configuration, ILogger<WarmUpService> logger) : BackgroundService
{
    public const string RoundsSetting = "Worker:WarmUpRounds";

    public const string TrainingSetting = "Worker:WarmUpTraining";

    private readonly int _rounds = ReadRounds(configuration);

    private readonly bool _training = ReadTraining(configuration);

    private readonly bool _takesTrainJobs = WorkerSettings.From(configuration).Queues.Contains(JobQueues.Train);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        try
        {
            if (_rounds == 0)
            {
                LogProfilerOff(RoundsSetting);
            }
            else
            {
                var elapsed = await ProfilerWarmUp.RunAsync(_rounds, afterEachRound: Advise, cancellationToken: stoppingToken);
                LogProfilerWarmedUp(_rounds, ProfilerWarmUp.DefaultRows, (long)elapsed.TotalMilliseconds);
            }
            if (!_training)
            {
                LogTrainersOff(TrainingSetting);
            }
            else if (!_takesTrainJobs)
            {
                LogTrainersNotNeeded(JobQueues.Train);
            }
            else
            {
                var elapsed = await TrainerWarmUp.RunAsync(cancellationToken: stoppingToken);
                LogTrainersWarmedUp((long)elapsed.TotalMilliseconds, TrainerWarmUp.DefaultRows);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            // The warm-up only saves time: a failure must never stop the worker.
            LogFailed(e);
        }
    }

    /// <summary>What the profile job does with a profile once it has it: targets, alerts, JSON.</summary>
    private static void Advise(DatasetProfile profile)
    {
        profile = profile with { TargetCandidates = TargetDetector.Detect(profile) };
        profile = profile with { Alerts = ProfileAlerts.Evaluate(profile) };
        _ = JsonSerializer.Serialize(profile, EngineJson.Options);
    }

    private static int ReadRounds(IConfiguration configuration)
    {
        var setting = configuration[RoundsSetting];
        if (string.IsNullOrWhiteSpace(setting))
        {
            return ProfilerWarmUp.DefaultRounds;
        }
        return int.TryParse(setting, NumberStyles.None, CultureInfo.InvariantCulture, out var rounds) && rounds <= 1_000
            ? rounds
            : throw new InvalidOperationException(
                $"{RoundsSetting} is '{setting}'; it must be a whole number from 0 to 1000 (profiles of a small generated file when the worker starts; 0 turns the warm-up off), e.g. Worker__WarmUpRounds=0.");
    }

    private static bool ReadTraining(IConfiguration configuration)
    {
        var setting = configuration[TrainingSetting];
        if (string.IsNullOrWhiteSpace(setting))
        {
            return true;
        }
        return bool.TryParse(setting, out var on)
            ? on
            : throw new InvalidOperationException(
                $"{TrainingSetting} is '{setting}'; it must be true or false (one trial of every trainer on a small generated table when the worker starts), e.g. Worker__WarmUpTraining=false.");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Profiler warmed up in {ElapsedMs} ms ({Rounds} profiles of a generated {Rows}-row CSV).")]
    private partial void LogProfilerWarmedUp(int rounds, int rows, long elapsedMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Profiler warm-up is off ({Setting} = 0).")]
    private partial void LogProfilerOff(string setting);

    [LoggerMessage(Level = LogLevel.Information, Message = "Trainers warmed up in {ElapsedMs} ms (one trial of every trainer per task on a generated {Rows}-row table).")]
    private partial void LogTrainersWarmedUp(long elapsedMs, int rows);

    [LoggerMessage(Level = LogLevel.Information, Message = "Trainer warm-up is off ({Setting} = false).")]
    private partial void LogTrainersOff(string setting);

    [LoggerMessage(Level = LogLevel.Information, Message = "Trainer warm-up skipped: this worker does not take jobs from the '{Queue}' queue.")]
    private partial void LogTrainersNotNeeded(string queue);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Warm-up failed; the first job will be slower.")]
    private partial void LogFailed(Exception exception);
}
