using MlWorkflow.Core.Datasets;

namespace MlWorkflow.Api.Datasets;

/// <summary>
/// The dataset a job writes from a parent (a pipeline's output, a scored copy): created "processing" with no file, hash
/// or rows; the job fills them in when it completes.
/// </summary>
public static class DerivedOutputs
{
    private const int MaxNameLength = 200;

    /// <summary>The output of a job reading <paramref name="parentId"/>; its file name is the parent's with <paramref name="suffix"/> before ".csv".</summary>
    public static Dataset New(Guid ownerId, Guid parentId, string name, string parentFileName, string suffix) => new()
    {
        OwnerId = ownerId,
        Name = name,
        FileName = $"{Path.GetFileNameWithoutExtension(parentFileName)}{suffix}.csv",
        Format = "csv",
        Delimiter = ',',
        Quote = '"',
        Encoding = Engine.Csv.CsvDialect.Utf8,
        SizeBytes = 0,
        Sha256 = null,
        Status = DatasetStatus.Processing,
        RowCount = 0,
        Columns = [],
        ColumnCount = 0,
        ArtifactId = null,
        ParentDatasetId = parentId,
    };

    /// <summary>The parent's name with <paramref name="suffix"/>, the parent's part cut so the whole fits 200 characters.</summary>
    public static string Name(string parentName, string suffix) =>
        (parentName.Length + suffix.Length > MaxNameLength ? parentName[..(MaxNameLength - suffix.Length)] : parentName) + suffix;
}
