using MlWorkflow.Engine.Preprocessing;

namespace MlWorkflow.Api.Pipelines;

/// <summary>The limits a saved pipeline must respect (DESIGN "Saved pipeline"); the Engine's validator checks the per-step ones.</summary>
public static class PipelineRules
{
    public const int MaxSteps = PipelineLimits.MaxSteps;

    /// <summary>Largest accepted request body: 200 steps of 16 KB params fit with room to spare.</summary>
    public const long MaxBodyBytes = 8L << 20;
}
