using MlWorkflow.Core.Artifacts;
using MlWorkflow.Core.Models;
using MlWorkflow.Engine.Training;

namespace MlWorkflow.Worker.Jobs;

/// <summary>Loads a registered model's package from its artifact.</summary>
public static class ModelPackages
{
    /// <exception cref="TaskDataException">The package is missing.</exception>
    public static async Task<ModelPackage> LoadAsync(PostgresArtifactStore store, Model model, CancellationToken cancellationToken)
    {
        await using var stream = await store.OpenReadAsync(model.ArtifactId, cancellationToken)
            ?? throw new TaskDataException($"The stored package of model '{model.Name}' v{model.Version} is missing. Train it again.");
        // ML.NET reads members through a seekable zip: copy the chunked artifact stream first.
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, cancellationToken);
        buffer.Position = 0;
        return ModelPackage.Load(buffer);
    }
}
