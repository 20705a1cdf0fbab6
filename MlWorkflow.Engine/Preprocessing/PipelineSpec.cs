using System.Text.Json;

namespace MlWorkflow.Engine.Preprocessing;

/// <summary>
/// A pipeline as a client sends it (the body of <c>PUT /api/datasets/{id}/pipeline</c> and the steps of
/// <c>POST /api/run_pipeline</c>): nothing is trusted until <see cref="PipelineValidator"/> has checked it.
/// </summary>
public sealed record PipelineDraft(string? Target, IReadOnlyList<PipelineDraftStep?>? Steps);

/// <summary>
/// A step as sent: <c>id</c>, <c>op</c> and <c>columns</c> are required (columns may be empty for drop_duplicates and
/// drop_missing_target); <c>params</c> defaults to {}, <c>enabled</c> to true; <c>confidence</c> and <c>rationale</c>
/// are optional and kept as sent.
/// </summary>
public sealed record PipelineDraftStep(
    string? Id,
    string? Op,
    IReadOnlyList<string?>? Columns,
    JsonElement? Params = null,
    double? Confidence = null,
    string? Rationale = null,
    bool? Enabled = null);

/// <summary>A checked step: the contract's Step, with confidence and rationale null when the client sent none.</summary>
public sealed record PipelineStepSpec(
    string Id, string Op, IReadOnlyList<string> Columns, JsonElement Params, double? Confidence, string? Rationale, bool Enabled);

/// <summary>
/// A checked pipeline, as <c>datasets.pipeline</c> stores it (jsonb, <see cref="EngineJson.Options"/>); <c>task</c> is
/// the task of its target (binary, multiclass or regression). Disabled steps are kept but do not run.
/// </summary>
public sealed record PipelineDefinition(string Target, string Task, IReadOnlyList<PipelineStepSpec> Steps);

/// <summary>The limits a pipeline must respect (DESIGN "Saved pipeline").</summary>
public static class PipelineLimits
{
    public const int MaxSteps = 200;
    public const int MaxIdLength = 100;
    public const int MaxParamsBytes = 16 * 1024;
    public const int MaxRationaleLength = 2_000;
}
