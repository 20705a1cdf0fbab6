namespace MlWorkflow.Web.Services;

// The Api's JSON as Web reads it (DESIGN.md "Contract details"); Web references no Api assembly.
public sealed record DatasetRecord(
    Guid Id,
    string Name,
    string FileName,
    string Format,
    long SizeBytes,
    string Sha256,
    string Status,
    long? RowCount,
    int? ColumnCount,
    DateTimeOffset CreatedAt,
    Guid? ProfileTaskId,
    DatasetProfile? Profile = null,
    bool? HasPipeline = null);

public sealed record DatasetPage(IReadOnlyList<DatasetRecord> Items, int Total);

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
