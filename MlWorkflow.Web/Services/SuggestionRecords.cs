using System.Text.Json;

namespace MlWorkflow.Web.Services;

// Suggestions and the saved pipeline (HELPERS-COMMON "Issue 4 — shared contracts"), as Web reads and sends them.

/// <summary>One preprocessing step; <c>Op</c> is one of the Engine's PipelineOps (drop_columns, impute, one_hot, …).</summary>
public sealed record PipelineStepRecord(
    string Id,
    string Op,
    IReadOnlyList<string> Columns,
    IReadOnlyDictionary<string, JsonElement>? Params,
    double? Confidence,
    string? Rationale,
    bool Enabled = true);

/// <summary>GET /api/suggest/pipeline.</summary>
public sealed record PipelineSuggestionRecord(Guid DatasetId, string? Target, string? Task, IReadOnlyList<PipelineStepRecord> Steps);

/// <summary>GET/PUT /api/datasets/{id}/pipeline.</summary>
public sealed record SavedPipelineRecord(Guid DatasetId, string Target, string? Task, IReadOnlyList<PipelineStepRecord> Steps, DateTimeOffset? UpdatedAt);

/// <summary>The body of PUT /api/datasets/{id}/pipeline.</summary>
public sealed record SavePipelineRequest(string Target, IReadOnlyList<PipelineStepRecord> Steps);

/// <summary>GET /api/suggest/models.</summary>
public sealed record ModelRecommendationsRecord(Guid DatasetId, string? Target, string? Task, IReadOnlyList<ModelChoiceRecord> Models);

public sealed record ModelChoiceRecord(string Algorithm, double? Confidence, string? Rationale, double? ExpectedTrainSeconds);
