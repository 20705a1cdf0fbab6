using Microsoft.Extensions.Options;
using MlWorkflow.Core.Artifacts;
using MlWorkflow.Core.Data;

namespace MlWorkflow.Api.Datasets;

/// <summary>What the dataset handlers need, bound with <c>[AsParameters]</c>.</summary>
public sealed record DatasetServices(
    MlWorkflowDbContext Db,
    PostgresArtifactStore Artifacts,
    IOptions<UploadOptions> UploadOptions,
    ILogger<DatasetServices> Logger);
