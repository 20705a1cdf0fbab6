using Microsoft.Extensions.Options;
using MlWorkflow.Core.Artifacts;
using MlWorkflow.Core.Data;
using MlWorkflow.Core.Tasks;

namespace MlWorkflow.Api.Datasets;

/// <summary>
/// What the dataset handlers need, as one scoped service. (Not <c>[AsParameters]</c>: the built-in
/// validation would walk into the DbContext's object graph.)
/// </summary>
public sealed class DatasetServices(
    MlWorkflowDbContext db,
    PostgresArtifactStore artifacts,
    TaskEnqueuer tasks,
    IOptions<UploadOptions> uploadOptions,
    ILogger<DatasetServices> logger)
{
    public MlWorkflowDbContext Db { get; } = db;

    public PostgresArtifactStore Artifacts { get; } = artifacts;

    public TaskEnqueuer Tasks { get; } = tasks;

    public UploadOptions Upload { get; } = uploadOptions.Value;

    public ILogger Logger { get; } = logger;
}
