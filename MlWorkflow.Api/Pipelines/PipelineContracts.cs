using System.Text.Json;

namespace MlWorkflow.Api.Pipelines;

/// <summary>
/// Body of <c>PUT /api/datasets/{id}/pipeline</c>: the target and the edited steps (the suggestion's steps, switched
/// off or changed). Every field is checked by the handler, which names each wrong one as <c>steps[3].columns</c>.
/// </summary>
public sealed record SavePipelineRequest(string? Target, IReadOnlyList<SavePipelineStepRequest?>? Steps);

/// <summary>
/// A step as sent: <c>id</c>, <c>op</c> and <c>columns</c> are required (columns may be empty for drop_duplicates and
/// drop_missing_target); <c>params</c> defaults to {}, <c>enabled</c> to true; <c>confidence</c> and <c>rationale</c>
/// are optional and kept as sent.
/// </summary>
public sealed record SavePipelineStepRequest(
    string? Id,
    string? Op,
    IReadOnlyList<string?>? Columns,
    JsonElement? Params = null,
    double? Confidence = null,
    string? Rationale = null,
    bool? Enabled = null);

/// <summary>A saved step: the contract's Step, with confidence and rationale null when the client sent none.</summary>
public sealed record SavedPipelineStep(
    string Id, string Op, IReadOnlyList<string> Columns, JsonElement Params, double? Confidence, string? Rationale, bool Enabled);

/// <summary>The saved pipeline; <c>task</c> is the task of its target (binary, multiclass or regression).</summary>
public sealed record SavedPipelineResponse(Guid DatasetId, string Target, string Task, IReadOnlyList<SavedPipelineStep> Steps, DateTimeOffset UpdatedAt);

/// <summary>What <c>datasets.pipeline</c> holds (jsonb); the id and time are columns of their own.</summary>
public sealed record StoredPipeline(string Target, string Task, IReadOnlyList<SavedPipelineStep> Steps);
