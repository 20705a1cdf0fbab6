using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Hangfire;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;
using MlWorkflow.Api.Auth;
using MlWorkflow.Api.Extensions;
using MlWorkflow.Api.Suggestions;
using MlWorkflow.Api.Tasks;
using MlWorkflow.Core.Data;
using MlWorkflow.Core.Datasets;
using MlWorkflow.Core.Tasks;
using MlWorkflow.Engine.Csv;

namespace MlWorkflow.Api.Datasets;

public static class DatasetsApi
{
    public static RouteGroupBuilder MapDatasetsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Datasets").RequireAuthorization();
        api.MapPost("/upload", UploadHandler.HandleAsync).WithName("Datasets_Upload")
            .WithSummary("Upload a CSV or TSV file (multipart field 'file', optional 'name'); returns the dataset and its profile task.")
            .AddOpenApiOperationTransformer(UploadOpenApi.DescribeBodyAsync)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

        var datasets = api.MapGroup("/datasets");
        datasets.MapGet("/", ListAsync).WithName("Datasets_List").WithSummary("Your datasets, newest first.")
            .ProducesValidationProblem();
        datasets.MapGet("/{id:guid}", GetAsync).WithName("Datasets_Get")
            .WithSummary("One dataset with its profile (null until the profile task completes).")
            .ProducesProblem(StatusCodes.Status404NotFound);
        datasets.MapGet("/{id:guid}/preview", PreviewAsync).WithName("Datasets_Preview").WithSummary("The header and first rows.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        datasets.MapGet("/{id:guid}/download", DownloadAsync).WithName("Datasets_Download").WithSummary("The original bytes.")
            .Produces<Stream>(StatusCodes.Status200OK, "text/csv", "text/tab-separated-values").ProducesProblem(StatusCodes.Status404NotFound);
        datasets.MapDelete("/{id:guid}", DeleteAsync).WithName("Datasets_Delete").WithSummary("Delete a dataset and its file.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return datasets;
    }

    public static async Task<Ok<DatasetListResponse>> ListAsync(
        ClaimsPrincipal user, MlWorkflowDbContext db, CancellationToken cancellationToken,
        [Range(1, 1_000_000)] int page = 1, [Range(1, 100)] int pageSize = 20)
    {
        var owned = db.Datasets.AsNoTracking().Where(d => d.OwnerId == user.GetUserId());
        var total = await owned.CountAsync(cancellationToken);
        var items = await DatasetQueries.Responses(db, owned
            .OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.Id)
            .Skip((page - 1) * pageSize).Take(pageSize))
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(new DatasetListResponse(items, total));
    }

    public static async Task<Results<Ok<DatasetDetailsResponse>, ProblemHttpResult>> GetAsync(
        Guid id, ClaimsPrincipal user, MlWorkflowDbContext db, CancellationToken cancellationToken)
    {
        var ownerId = user.GetUserId();
        var owned = db.Datasets.AsNoTracking().Where(d => d.Id == id && d.OwnerId == ownerId);
        var dataset = await DatasetQueries.Responses(db, owned).SingleOrDefaultAsync(cancellationToken);
        if (dataset is null)
        {
            return NotFound(id);
        }
        var stored = await owned.Select(d => new { d.Profile, d.Lineage }).SingleAsync(cancellationToken);
        var children = await db.Datasets.AsNoTracking().Where(d => d.ParentDatasetId == id)
            .OrderBy(d => d.CreatedAt).Select(d => new DatasetLink(d.Id, d.Name, d.Status, d.CreatedAt)).ToListAsync(cancellationToken);
        return TypedResults.Ok(new DatasetDetailsResponse(dataset, TaskMappings.ParseJson(stored.Profile), TaskMappings.ParseJson(stored.Lineage), children));
    }

    public static async Task<Results<Ok<DatasetPreviewResponse>, ProblemHttpResult>> PreviewAsync(
        Guid id, ClaimsPrincipal user, DatasetServices services, CancellationToken cancellationToken,
        [Range(1, 1000)] int rows = 20)
    {
        var dataset = await FindOwnedAsync(services.Db, id, user, cancellationToken);
        if (dataset is null)
        {
            return NotFound(id);
        }
        if (dataset.ArtifactId is not { } artifactId)
        {
            return NotWritten(dataset);
        }
        await using var stream = await services.Artifacts.OpenReadAsync(artifactId, cancellationToken)
            ?? throw new InvalidOperationException($"Artifact {dataset.ArtifactId} of dataset {id} is missing.");
        var dialect = new CsvDialect(dataset.Delimiter, dataset.Encoding, dataset.Quote);
        var preview = await CsvPreview.ReadAsync(stream, dialect, rows, cancellationToken);
        return TypedResults.Ok(new DatasetPreviewResponse(preview.Columns, preview.Rows));
    }

    public static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> DownloadAsync(
        Guid id, ClaimsPrincipal user, HttpContext http, DatasetServices services, CancellationToken cancellationToken)
    {
        var dataset = await FindOwnedAsync(services.Db, id, user, cancellationToken);
        if (dataset is null)
        {
            return NotFound(id);
        }
        if (dataset is not { ArtifactId: { } artifactId, Sha256: { } sha256 })
        {
            return NotWritten(dataset);
        }
        var stream = await services.Artifacts.OpenReadAsync(artifactId, cancellationToken)
            ?? throw new InvalidOperationException($"Artifact {dataset.ArtifactId} of dataset {id} is missing.");
        http.Response.ContentLength = stream.Length;
        http.Response.Headers["Repr-Digest"] = $"sha-256=:{Convert.ToBase64String(Convert.FromHexString(sha256))}:";
        var contentType = $"{(dataset.Format == "tsv" ? "text/tab-separated-values" : "text/csv")}; charset={Charset(dataset.Encoding)}";
        return TypedResults.Stream(stream, contentType, dataset.FileName,
            lastModified: dataset.CreatedAt, entityTag: new EntityTagHeaderValue($"\"{sha256}\""));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        Guid id, ClaimsPrincipal user, MlWorkflowDbContext db, IBackgroundJobClient jobs, SuggestionCache suggestions,
        CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var ownerId = user.GetUserId();
        var dataset = await db.Datasets.Where(d => d.Id == id && d.OwnerId == ownerId)
            .Select(d => new { d.ArtifactId }).SingleOrDefaultAsync(cancellationToken);
        if (dataset is null)
        {
            return NotFound(id);
        }
        // Its tasks go with the dataset (ON DELETE CASCADE); a task still writing it is cancelled. Their unfinished
        // jobs are deleted after commit.
        var unfinished = db.Tasks.Where(t => (t.DatasetId == id || t.OutputDatasetId == id) && t.JobId != null
            && (t.Status == WorkflowTaskStatus.Pending || t.Status == WorkflowTaskStatus.Running));
        var jobIds = await unfinished.Select(t => t.JobId!).ToListAsync(cancellationToken);
        await unfinished.Where(t => t.OutputDatasetId == id && t.DatasetId != id)
            .ExecuteUpdateAsync(set => set.SetProperty(t => t.CancelRequestedBy, user.Identity!.Name ?? ownerId.ToString()), cancellationToken);
        await db.Datasets.Where(d => d.Id == id).ExecuteDeleteAsync(cancellationToken);
        // The chunks go with the artifact (ON DELETE CASCADE).
        if (dataset.ArtifactId is { } artifactId)
        {
            await db.Artifacts.Where(a => a.Id == artifactId).ExecuteDeleteAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        foreach (var jobId in jobIds)
        {
            jobs.Delete(jobId);
        }
        await suggestions.RemoveAsync(id);
        return TypedResults.NoContent();
    }

    private static Task<Dataset?> FindOwnedAsync(MlWorkflowDbContext db, Guid id, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var ownerId = user.GetUserId();
        return db.Datasets.AsNoTracking().SingleOrDefaultAsync(d => d.Id == id && d.OwnerId == ownerId, cancellationToken);
    }

    private static string Charset(string encodingName) => encodingName switch
    {
        CsvDialect.Utf8WithBom => "utf-8",
        _ => encodingName,
    };

    internal static ProblemHttpResult NotWritten(Dataset dataset) => Problems.Create(StatusCodes.Status409Conflict, "dataset_not_written",
        $"Dataset '{dataset.Name}' has no file yet: the job writing it is {(dataset.Status == DatasetStatus.Failed ? "failed" : "still running")}.",
        dataset.Status == DatasetStatus.Failed
            ? "Open the task that wrote it (GET /api/tasks) to see what went wrong, retry it or run the pipeline again."
            : "Wait until the dataset's status is 'profiling' or 'ready' (GET /api/datasets/{id}), then ask again.");

    // Someone else's dataset gets the same answer as a missing one.
    internal static ProblemHttpResult NotFound(Guid id) => Problems.Create(StatusCodes.Status404NotFound, "dataset_not_found",
        $"You have no dataset with id {id}.", "Check the id; GET /api/datasets lists your datasets.");
}
