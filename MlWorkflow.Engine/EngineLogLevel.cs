namespace MlWorkflow.Engine;

public enum EngineLogLevel
{
    Debug,
    Information,
    Warning,
    Error,
}
