namespace MlWorkflow.Core.Models;

public static class ModelAlgorithms
{
    /// <summary>The <see cref="Model.Algorithm"/> of a model whose prediction blends several weighted members.</summary>
    public const string Ensemble = "ensemble";
}
