using System.Net;
using Microsoft.AspNetCore.Components.Forms;

namespace MlWorkflow.Web.Services;

/// <summary>
/// Streams a browser file to the Api (never buffered whole), reporting bytes sent. Every failure but cancellation
/// comes out as a <see cref="ProblemException"/> the page can show.
/// </summary>
public sealed class DatasetUploader(DatasetsClient datasets, IConfiguration configuration, TimeProvider time, ILogger<DatasetUploader> logger)
{
    private readonly long _maxBytes = configuration.GetValue("Upload:MaxBytes", 1L << 30);

    public long MaxBytes => _maxBytes;

    public async Task<UploadResult> UploadAsync(IBrowserFile file, Action<long> onProgress, CancellationToken cancellationToken)
    {
        if (file.Size > _maxBytes)
        {
            throw new ProblemException(HttpStatusCode.RequestEntityTooLarge, "The file is too large",
                $"'{file.Name}' is {Format.Bytes(file.Size)}; uploads are limited to {Format.Bytes(_maxBytes)}.",
                "Upload a smaller file: split it, or drop columns and rows you do not need.");
        }
        await using var content = new ProgressStream(file.OpenReadStream(_maxBytes, cancellationToken), onProgress);
        var started = time.GetTimestamp();
        try
        {
            var result = await datasets.UploadAsync(content, file.Name, ContentTypeOf(file), cancellationToken);
            var elapsed = time.GetElapsedTime(started);
            if (logger.IsEnabled(LogLevel.Information))
            {
                logger.LogInformation("Uploaded {FileName}: {Bytes} bytes in {ElapsedMs:0} ms ({MegabytesPerSecond:0.0} MB/s)",
                    file.Name, file.Size, elapsed.TotalMilliseconds, file.Size / 1e6 / Math.Max(elapsed.TotalSeconds, 1e-3));
            }
            return result;
        }
        catch (Exception exception) when (content.ReadError is { } readError && readError is not OperationCanceledException)
        {
            logger.LogWarning(exception, "Reading {FileName} from the browser failed after {BytesRead} bytes", file.Name, content.Position);
            throw new ProblemException(null, "The file could not be read from your browser", readError.Message,
                "Keep this tab open and leave the file unchanged until the upload finishes, then try again.");
        }
        catch (Exception exception) when (exception is not (ProblemException or OperationCanceledException))
        {
            // Whatever else goes wrong becomes a message on the page: an exception here would end the user's circuit.
            logger.LogError(exception, "Upload of {FileName} failed", file.Name);
            throw new ProblemException(null, "The upload failed", exception.Message, "Try again; if it keeps failing, check the web and api logs.");
        }
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
