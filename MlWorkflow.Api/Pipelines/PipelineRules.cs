namespace MlWorkflow.Api.Pipelines;

/// <summary>The limits a saved pipeline must respect (DESIGN "Saved pipeline").</summary>
public static class PipelineRules
{
    public const int MaxSteps = 200;
    public const int MaxIdLength = 100;
    public const int MaxParamsBytes = 16 * 1024;
    public const int MaxRationaleLength = 2_000;

    /// <summary>Largest accepted request body: 200 steps of 16 KB params fit with room to spare.</summary>
    public const long MaxBodyBytes = 8L << 20;
}
