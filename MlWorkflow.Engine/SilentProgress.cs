namespace MlWorkflow.Engine;

/// <summary>Drops progress and log lines: for work nobody watches (warm-ups) and for benchmarks, which time the work, not the console.</summary>
public sealed class SilentProgress : IEngineProgress
{
    public static readonly SilentProgress Instance = new();

    public void Report(double percent, string step)
    {
    }

    public void Log(EngineLogLevel level, string step, string message)
    {
    }
}
