using System.Text.Json;

namespace MlWorkflow.Engine.Preprocessing;

/// <summary>
/// What a derived dataset's lineage says about the pipeline that made it: the fitted pipeline (<c>fitted</c>, added by the
/// preprocess task) and the steps it was run with (<c>steps</c>, as the run was asked for).
/// </summary>
public static class PipelineLineage
{
    /// <summary>The fitted pipelines of <paramref name="lineages"/>, in their order, and beside each the steps it was run with (none when not listed).</summary>
    /// <param name="lineages">Lineage JSON texts, each with a <c>fitted</c> pipeline, oldest first.</param>
    /// <exception cref="JsonException">A lineage has no fitted pipeline, or it cannot be read (written by another version, or damaged).</exception>
    public static (List<FittedPipeline> Fitted, List<IReadOnlyList<PipelineStepSpec>> Steps) Read(IEnumerable<string> lineages)
    {
        ArgumentNullException.ThrowIfNull(lineages);
        var fitted = new List<FittedPipeline>();
        var steps = new List<IReadOnlyList<PipelineStepSpec>>();
        foreach (var lineage in lineages)
        {
            try
            {
                Add(lineage, fitted, steps);
            }
            catch (NotSupportedException e)
            {
                // A polymorphic step the serializer does not know (another version's) is as unreadable as broken JSON.
                throw new JsonException(e.Message, e);
            }
        }
        return (fitted, steps);
    }

    private static void Add(string lineage, List<FittedPipeline> fitted, List<IReadOnlyList<PipelineStepSpec>> steps)
    {
        using var json = JsonDocument.Parse(lineage);
        if (json.RootElement.ValueKind != JsonValueKind.Object || !json.RootElement.TryGetProperty("fitted", out var pipeline) || pipeline.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException("The lineage holds no fitted pipeline.");
        }
        fitted.Add(FittedPipeline.FromJson(pipeline.GetRawText()));
        steps.Add(json.RootElement.TryGetProperty("steps", out var specs) && specs.ValueKind == JsonValueKind.Array
            ? JsonSerializer.Deserialize<List<PipelineStepSpec>>(specs.GetRawText(), EngineJson.Options) ?? []
            : []);
    }
}
