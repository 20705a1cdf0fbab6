namespace MlWorkflow.Core.Models;

/// <summary>
/// A model name of an owner and the last version given under it. Versions come from here, not from the models
/// still stored, so deleting the latest version never lets its number be given again (a version names one package
/// for good, as in every model registry).
/// </summary>
public sealed class ModelName
{
    public Guid OwnerId { get; set; }

    public required string Name { get; set; }

    public int LastVersion { get; set; }
}
