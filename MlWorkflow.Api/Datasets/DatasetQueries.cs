using MlWorkflow.Core.Data;
using MlWorkflow.Core.Datasets;

namespace MlWorkflow.Api.Datasets;

public static class DatasetQueries
{
    /// <summary>The API's view of <paramref name="datasets"/>, with the parent's name and the number of children in the same query.</summary>
    public static IQueryable<DatasetResponse> Responses(MlWorkflowDbContext db, IQueryable<Dataset> datasets) =>
        datasets.Select(d => new DatasetResponse(d.Id, d.Name, d.FileName, d.Format, d.SizeBytes, d.Sha256, d.Status,
            d.RowCount, d.ColumnCount, d.CreatedAt, d.ProfileTaskId, d.Pipeline != null, d.ParentDatasetId,
            db.Datasets.Where(p => p.Id == d.ParentDatasetId).Select(p => p.Name).FirstOrDefault(),
            db.Datasets.Count(c => c.ParentDatasetId == d.Id)));
}
