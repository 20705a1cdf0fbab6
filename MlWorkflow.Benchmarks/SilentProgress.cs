using MlWorkflow.Engine;

namespace MlWorkflow.Benchmarks;

/// <summary>Drops the engine's progress and log lines: benchmarks time the work, not the console.</summary>
internal sealed class SilentProgress : IEngineProgress
{
    public static readonly SilentProgress Instance = new();

    public void Report(double percent, string step)
    {
    }

    public void Log(EngineLogLevel level, string step, string message)
    {
    }
}
