using System.Text.Json;

namespace MlWorkflow.Web.Services;

// The Api's JSON as Web reads it (its shapes: /openapi/v1.json); Web references no Api assembly.
public sealed record DatasetRecord(
    Guid Id,
    string Name,
    string FileName,
    string Format,
    long SizeBytes,
    string? Sha256,
    string Status,
    long? RowCount,
    int? ColumnCount,
    DateTimeOffset CreatedAt,
    Guid? ProfileTaskId,
    DatasetProfile? Profile = null,
    bool? HasPipeline = null,
    Guid? ParentDatasetId = null,
    string? ParentDatasetName = null,
    int ChildCount = 0,
    DatasetLineage? Lineage = null,
    IReadOnlyList<DatasetLink>? Children = null)
{
    /// <summary>False while the job writing a derived dataset runs (or failed): it has no file, preview or download yet.</summary>
    public bool IsWritten => Sha256 is not null;
}

/// <summary>
/// How a derived dataset was made: by a pipeline (<c>Steps</c>; <c>Fitted</c>, the Engine's fitted pipeline, once its job
/// completed) or by scoring its parent with a model (<c>ModelId</c>, named while the model exists).
/// </summary>
public sealed record DatasetLineage(
    Guid ParentDatasetId,
    string? ParentDatasetName,
    Guid TaskId,
    string? Target,
    string? Task,
    IReadOnlyList<PipelineStepRecord>? Steps,
    JsonElement? Fitted = null,
    Guid? ModelId = null,
    string? ModelName = null,
    int? ModelVersion = null)
{
    public bool IsScoring => ModelId is not null;

    /// <summary>The kind of the task writing the dataset.</summary>
    public string TaskKind => IsScoring ? "batch_predict" : "preprocess";
}

/// <summary>Another dataset, named by the Api so a link needs no second request.</summary>
public sealed record DatasetLink(Guid Id, string Name, string Status, DateTimeOffset CreatedAt);

/// <summary>The body of POST /api/run_pipeline: without steps the Api runs what the pipeline editor shows for the target.</summary>
public sealed record RunPipelineRequest(Guid DatasetId, string Target);

/// <summary>POST /api/run_pipeline's 202: the output dataset (processing) and the preprocess task writing it.</summary>
public sealed record RunPipelineResult(DatasetRecord Dataset, TaskRecord Task);

public sealed record DatasetPreview(IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<string?>> Rows);

public sealed record UploadResult(DatasetRecord Dataset, TaskRecord? Task);

/// <summary>A streamed file from the Api: dispose it to release the connection.</summary>
public sealed class ApiFile(HttpResponseMessage response, Stream content) : IAsyncDisposable
{
    public Stream Content => content;

    public string ContentType => response.Content.Headers.ContentType?.ToString() ?? "application/octet-stream";

    public string? FileName =>
        response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName?.Trim('"');

    public long? Length => response.Content.Headers.ContentLength;

    public async ValueTask DisposeAsync()
    {
        await content.DisposeAsync();
        response.Dispose();
    }
}
