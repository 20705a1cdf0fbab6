namespace MlWorkflow.Core.Datasets;

public enum DatasetStatus
{
    Uploaded,
    Profiling,
    Ready,
    Failed,
}
