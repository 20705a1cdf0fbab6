using System.Net;
using Microsoft.AspNetCore.Components.Forms;

namespace MlWorkflow.Web.Services;

/// <summary>Streams a browser file to the Api (never buffered whole), reporting bytes sent.</summary>
public sealed class DatasetUploader(MlWorkflowApiClient api, IConfiguration configuration)
{
    private readonly long _maxBytes = configuration.GetValue("Upload:MaxBytes", 1L << 30);

    public long MaxBytes => _maxBytes;

    public async Task<UploadResult> UploadAsync(IBrowserFile file, Action<long> onProgress, CancellationToken cancellationToken)
    {
        if (file.Size > _maxBytes)
        {
            throw new ApiProblemException(HttpStatusCode.RequestEntityTooLarge, "The file is too large",
                $"'{file.Name}' is {Format.Bytes(file.Size)}; uploads are limited to {Format.Bytes(_maxBytes)}.",
                "Upload a smaller file: split it, or drop columns and rows you do not need.");
        }
        await using var content = new ProgressStream(file.OpenReadStream(_maxBytes, cancellationToken), onProgress);
        return await api.UploadAsync(content, file.Name, ContentTypeOf(file), cancellationToken);
    }

    // Browsers leave the type empty for extensions they do not know (often .tsv).
    private static string ContentTypeOf(IBrowserFile file) =>
        !string.IsNullOrWhiteSpace(file.ContentType) ? file.ContentType
        : Path.GetExtension(file.Name).ToLowerInvariant() switch
        {
            ".csv" => "text/csv",
            ".tsv" or ".tab" => "text/tab-separated-values",
            ".txt" => "text/plain",
            _ => "application/octet-stream",
        };
}
