using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MlWorkflow.Core.Data;

namespace MlWorkflow.Core.Datasets;

/// <summary>
/// The pipelines that made a derived dataset, found through <see cref="Dataset.ParentDatasetId"/> and <see cref="Dataset.Lineage"/>:
/// what the worker trains through and what the Api's training plan counts, read in one place so both agree.
/// </summary>
public static class DatasetLineages
{
    /// <summary>Longer chains are cut here (the schema does not rule out a cycle).</summary>
    public const int MaxDepth = 100;

    /// <summary>
    /// The lineage (jsonb text) of each dataset a pipeline made on the way from an upload to <paramref name="datasetId"/>, oldest
    /// first (the Engine's <c>PipelineLineage.Read</c> reads them). The walk stops at an upload, at a dataset no pipeline made
    /// (a scored one: its lineage holds no <c>fitted</c> pipeline) and at a parent since deleted.
    /// </summary>
    public static async Task<IReadOnlyList<string>> PipelineLineagesAsync(MlWorkflowDbContext db, Guid datasetId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var lineages = new List<string>();
        Guid? id = datasetId;
        for (var depth = 0; id is { } current && depth < MaxDepth; depth++)
        {
            var row = await db.Datasets.AsNoTracking().Where(d => d.Id == current)
                .Select(d => new { d.Lineage, d.ParentDatasetId }).FirstOrDefaultAsync(cancellationToken);
            if (row is not { Lineage: { } lineage } || !HasFitted(lineage))
            {
                break;
            }
            lineages.Insert(0, lineage);
            id = row.ParentDatasetId;
        }
        return lineages;
    }

    /// <summary>The preprocess task adds <c>fitted</c> when it writes the output; a dataset still being written has none yet.</summary>
    private static bool HasFitted(string lineage)
    {
        using var json = JsonDocument.Parse(lineage);
        return json.RootElement.ValueKind == JsonValueKind.Object
            && json.RootElement.TryGetProperty("fitted", out var fitted) && fitted.ValueKind == JsonValueKind.Object;
    }
}
