using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MlWorkflow.Core.Data;
using MlWorkflow.Engine;
using MlWorkflow.Engine.Preprocessing;

namespace MlWorkflow.Api.Pipelines;

/// <summary>The pipeline saved with a dataset (<c>datasets.pipeline</c>), as PUT /api/datasets/{id}/pipeline checked and stored it.</summary>
public static class SavedPipelines
{
    /// <summary>The saved pipeline, or null while the dataset uses the suggestion. The caller has checked the dataset is the user's.</summary>
    public static async Task<PipelineDefinition?> ReadAsync(MlWorkflowDbContext db, Guid datasetId, CancellationToken cancellationToken)
    {
        var json = await db.Datasets.AsNoTracking().Where(d => d.Id == datasetId).Select(d => d.Pipeline).SingleOrDefaultAsync(cancellationToken);
        return json is null ? null : Parse(json);
    }

    public static PipelineDefinition Parse(string json) => JsonSerializer.Deserialize<PipelineDefinition>(json, EngineJson.Options)!;

    /// <summary>The steps as a client sends them, to check again against the profile.</summary>
    public static IReadOnlyList<PipelineDraftStep> Draft(IEnumerable<PipelineStepSpec> steps) =>
        [.. steps.Select(s => new PipelineDraftStep(s.Id, s.Op, s.Columns, s.Params, s.Confidence, s.Rationale, s.Enabled))];
}
