namespace MlWorkflow.Tests.Worker;

/// <summary>
/// Tests that run worker processes go one at a time: a worker profiling hundreds of megabytes takes a core, and
/// the timing tests (cancel within 2 s) must not compete with each other.
/// </summary>
[CollectionDefinition(Name)]
public sealed class WorkerProcessCollection
{
    public const string Name = "Worker processes";
}
