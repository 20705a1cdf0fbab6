using System.Text.Json;
using MlWorkflow.Api.Tasks;
using MlWorkflow.Core.Datasets;

namespace MlWorkflow.Api.Datasets;

/// <summary>
/// A dataset as the API shows it. <c>status</c> is one of uploaded, processing, profiling, ready, failed; <c>hasPipeline</c>
/// is true when an edited pipeline is saved (GET /api/datasets/{id}/pipeline). A dataset written by a pipeline names its
/// parent; <c>sha256</c> is null until its file is written.
/// </summary>
public record DatasetResponse(
    Guid Id,
    string Name,
    string FileName,
    string Format,
    long SizeBytes,
    string? Sha256,
    DatasetStatus Status,
    long RowCount,
    int ColumnCount,
    DateTimeOffset CreatedAt,
    Guid? ProfileTaskId,
    bool HasPipeline,
    Guid? ParentDatasetId,
    string? ParentDatasetName,
    int ChildCount);

/// <summary>
/// <see cref="DatasetResponse"/> plus the profile (null until profiling has run), the lineage of a derived dataset
/// (<c>{parentDatasetId, parentDatasetName, taskId, target, steps, fitted}</c>; fitted once written) and the datasets
/// derived from this one.
/// </summary>
public sealed record DatasetDetailsResponse : DatasetResponse
{
    public DatasetDetailsResponse(DatasetResponse dataset, JsonElement? profile, JsonElement? lineage, IReadOnlyList<DatasetLink> children)
        : base(dataset)
    {
        Profile = profile;
        Lineage = lineage;
        Children = children;
    }

    public JsonElement? Profile { get; init; }

    public JsonElement? Lineage { get; init; }

    public IReadOnlyList<DatasetLink> Children { get; init; }
}

/// <summary>Another dataset, named so a client needs no second request to show the link.</summary>
public sealed record DatasetLink(Guid Id, string Name, DatasetStatus Status, DateTimeOffset CreatedAt);

public sealed record DatasetListResponse(IReadOnlyList<DatasetResponse> Items, int Total);

/// <summary>The header and first rows; an empty field is null.</summary>
public sealed record DatasetPreviewResponse(IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<string?>> Rows);

/// <summary>The stored dataset and its profile task (pending, queued on "profile").</summary>
public sealed record UploadResponse(DatasetResponse Dataset, TaskResponse Task);

public static class DatasetMappings
{
    /// <summary>For a dataset just created (no children yet); <paramref name="parentName"/> when it has a parent.</summary>
    public static DatasetResponse ToResponse(this Dataset d, string? parentName = null) => new(
        d.Id, d.Name, d.FileName, d.Format, d.SizeBytes, d.Sha256, d.Status, d.RowCount, d.ColumnCount, d.CreatedAt,
        d.ProfileTaskId, d.Pipeline != null, d.ParentDatasetId, parentName, 0);
}
