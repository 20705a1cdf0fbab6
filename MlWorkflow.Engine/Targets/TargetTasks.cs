namespace MlWorkflow.Engine.Targets;

/// <summary>The learning tasks of the contract ("task" of a target candidate, a pipeline and a model recommendation).</summary>
public static class TargetTasks
{
    public const string Binary = "binary";
    public const string Multiclass = "multiclass";
    public const string Regression = "regression";
}
