using System.Text.Json;
using MlWorkflow.Api.Tasks;
using MlWorkflow.Core.Datasets;

namespace MlWorkflow.Api.Datasets;

/// <summary>
/// A dataset as the API shows it. <c>status</c> is one of uploaded, profiling, ready, failed; <c>hasPipeline</c> is true
/// when an edited pipeline is saved (GET /api/datasets/{id}/pipeline).
/// </summary>
public record DatasetResponse(
    Guid Id,
    string Name,
    string FileName,
    string Format,
    long SizeBytes,
    string Sha256,
    DatasetStatus Status,
    long RowCount,
    int ColumnCount,
    DateTimeOffset CreatedAt,
    Guid? ProfileTaskId,
    bool HasPipeline);

/// <summary><see cref="DatasetResponse"/> plus the profile (null until profiling has run).</summary>
public sealed record DatasetDetailsResponse : DatasetResponse
{
    public DatasetDetailsResponse(DatasetResponse dataset, JsonElement? profile) : base(dataset) => Profile = profile;

    public JsonElement? Profile { get; init; }
}

public sealed record DatasetListResponse(IReadOnlyList<DatasetResponse> Items, int Total);

/// <summary>The header and first rows; an empty field is null.</summary>
public sealed record DatasetPreviewResponse(IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<string?>> Rows);

/// <summary>The stored dataset and its profile task (pending, queued on "profile").</summary>
public sealed record UploadResponse(DatasetResponse Dataset, TaskResponse Task);

public static class DatasetMappings
{
    public static DatasetResponse ToResponse(this Dataset d) => new(
        d.Id, d.Name, d.FileName, d.Format, d.SizeBytes, d.Sha256, d.Status, d.RowCount, d.ColumnCount, d.CreatedAt, d.ProfileTaskId, d.Pipeline != null);
}
