using MlWorkflow.Core.Tasks.Logs;
using MlWorkflow.Engine;

namespace MlWorkflow.Worker.Jobs;

/// <summary>Lets the engine's progress and log lines flow into a task's log: progress becomes debug entries carrying it.</summary>
public sealed class EngineProgressLog(TaskLogEmitter log) : IEngineProgress
{
    private int _percent = -1;

    public void Report(double percent, string step)
    {
        var whole = (int)Math.Clamp(percent, 0, 100);
        if (whole > _percent)
        {
            _percent = whole;
            log.Emit(TaskLogLevels.Debug, step, $"{whole}%", whole);
        }
    }

    public void Log(EngineLogLevel level, string step, string message) => log.Emit(ToLevel(level), step, message);

    public static string ToLevel(EngineLogLevel level) => level switch
    {
        EngineLogLevel.Debug => TaskLogLevels.Debug,
        EngineLogLevel.Information => TaskLogLevels.Info,
        EngineLogLevel.Warning => TaskLogLevels.Warning,
        _ => TaskLogLevels.Error,
    };
}
