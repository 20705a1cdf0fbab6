using System.ComponentModel.DataAnnotations;

namespace MlWorkflow.Api.Datasets;

/// <summary>Configuration section <c>Upload</c>.</summary>
public sealed class UploadOptions
{
    public const string Section = "Upload";

    /// <summary>Largest accepted file, in bytes (default 1 GiB).</summary>
    [Range(1, long.MaxValue)]
    public long MaxBytes { get; set; } = 1L << 30;
}
