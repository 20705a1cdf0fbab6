using System.Globalization;
using System.Text.Json;
using MlWorkflow.Engine.Alerts;
using MlWorkflow.Engine.Profiling;
using MlWorkflow.Engine.Targets;

namespace MlWorkflow.Worker.WarmUp;

/// <summary>
/// Runs the profile job's engine code on a small generated CSV (<see cref="ProfilerWarmUp"/>) once the worker has
/// started, so that a user's first upload does not pay for compiling it (the worker compiles each method once, fully
/// optimized: see its project file; docs/BENCHMARKS.md has the figures). It runs in the background beside the
/// Hangfire server, so health and job pick-up do not wait for it. <c>Worker:WarmUpRounds</c> sets how many times the
/// file is profiled (default <see cref="ProfilerWarmUp.DefaultRounds"/>; 0 turns the warm-up off).
/// </summary>
public sealed partial class ProfilerWarmUpService(IConfiguration configuration, ILogger<ProfilerWarmUpService> logger) : BackgroundService
{
    public const string RoundsSetting = "Worker:WarmUpRounds";

    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web);

    private readonly int _rounds = ReadRounds(configuration);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_rounds == 0)
        {
            LogOff(RoundsSetting);
            return;
        }
        await Task.Yield();
        try
        {
            var elapsed = await ProfilerWarmUp.RunAsync(_rounds, afterEachRound: Advise, cancellationToken: stoppingToken);
            LogWarmedUp(_rounds, ProfilerWarmUp.DefaultRows, (long)elapsed.TotalMilliseconds);
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
        _ = JsonSerializer.Serialize(profile, s_json);
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Profiler warmed up in {ElapsedMs} ms ({Rounds} profiles of a generated {Rows}-row CSV).")]
    private partial void LogWarmedUp(int rounds, int rows, long elapsedMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Profiler warm-up is off ({Setting} = 0).")]
    private partial void LogOff(string setting);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Profiler warm-up failed; the first profile will be slower.")]
    private partial void LogFailed(Exception exception);
}
