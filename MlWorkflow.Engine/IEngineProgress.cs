namespace MlWorkflow.Engine;

/// <summary>
/// The only way progress and log lines leave the engine: the caller (a worker job, a test, a benchmark)
/// decides where they go. Calls come from the thread doing the work, so an implementation should be quick.
/// </summary>
public interface IEngineProgress
{
    /// <param name="percent">0 to 100, never decreasing during one operation; 100 once at the end.</param>
    /// <param name="step">Short name of the current step, e.g. "scan".</param>
    void Report(double percent, string step);

    void Log(EngineLogLevel level, string step, string message);
}
