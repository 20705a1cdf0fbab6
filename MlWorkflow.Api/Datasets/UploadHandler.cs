using System.Diagnostics;
using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using MlWorkflow.Api.Auth;
using MlWorkflow.Api.Extensions;
using MlWorkflow.Api.Tasks;
using MlWorkflow.Core.Datasets;
using MlWorkflow.Core.Tasks;

namespace MlWorkflow.Api.Datasets;

/// <summary>
/// <c>POST /api/upload</c>: reads the multipart body as a stream (no form buffering, no IFormFile),
/// and passes each block of the <c>file</c> part once through the CSV inspector, the SHA-256 and the
/// chunked artifact writer, all inside one transaction: a rejected or failed upload leaves no rows.
/// </summary>
public static partial class UploadHandler
{
    public const int MaxNameLength = 200;

    // Room for boundaries, part headers and the name field on top of the file itself.
    private const long MultipartAllowance = 1 << 20;
    private const int ReaderBufferSize = 64 * 1024;

    public static async Task<Results<Accepted<UploadResponse>, ProblemHttpResult>> HandleAsync(
        HttpContext http, ClaimsPrincipal user, DatasetServices services, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var maxBytes = services.Upload.MaxBytes;
        if (!TryGetBoundary(http.Request, out var boundary))
        {
            return UploadProblems.NotMultipart();
        }
        if (http.Request.ContentLength > maxBytes + MultipartAllowance)
        {
            return UploadProblems.TooLarge(maxBytes);
        }
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodyLimit)
        {
            bodyLimit.MaxRequestBodySize = maxBytes + MultipartAllowance;
        }

        var db = services.Db;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        ReceivedFile? file = null;
        string? name = null;
        IReadOnlyList<string>? missingTokens = null;
        try
        {
            var reader = new MultipartReader(boundary, http.Request.Body, ReaderBufferSize);
            for (var section = await reader.ReadNextSectionAsync(cancellationToken);
                 section is not null;
                 section = await reader.ReadNextSectionAsync(cancellationToken))
            {
                var disposition = section.GetContentDispositionHeader();
                if (disposition is null || !disposition.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase))
                {
                    return UploadProblems.Malformed("A part of the body has no 'Content-Disposition: form-data' header.");
                }
                switch (HeaderUtilities.RemoveQuotes(disposition.Name).Value)
                {
                    case "file" when file is not null:
                        return UploadProblems.SeveralFiles();
                    case "file":
                        (file, var fileProblem) = await FileReceiver.ReceiveAsync(section, disposition, maxBytes, db, cancellationToken);
                        if (fileProblem is not null)
                        {
                            return fileProblem;
                        }
                        break;
                    case "name":
                        (name, var nameProblem) = await ReadNameAsync(section.Body, cancellationToken);
                        if (nameProblem is not null)
                        {
                            return nameProblem;
                        }
                        break;
                    case "missingTokens":
                        (missingTokens, var tokensProblem) = await MissingTokensField.ReadAsync(section.Body, cancellationToken);
                        if (tokensProblem is not null)
                        {
                            return tokensProblem;
                        }
                        break;
                }
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return UploadProblems.TooLarge(maxBytes);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or BadHttpRequestException)
        {
            return UploadProblems.Malformed($"The multipart body could not be read: {e.Message}");
        }

        if (file is null)
        {
            return UploadProblems.MissingFile();
        }
        var dataset = new Dataset
        {
            OwnerId = user.GetUserId(),
            Name = name ?? DefaultName(file.FileName),
            FileName = file.FileName,
            Format = file.Inspection.Dialect.Format,
            Delimiter = file.Inspection.Dialect.Delimiter,
            Quote = file.Inspection.Dialect.Quote,
            Encoding = file.Inspection.Dialect.EncodingName,
            SizeBytes = file.Artifact.Length,
            Sha256 = file.Artifact.Sha256,
            RowCount = file.Inspection.RowCount,
            ColumnCount = file.Inspection.Columns.Count,
            Columns = [.. file.Inspection.Columns],
            ArtifactId = file.Artifact.Id,
        };
        db.Datasets.Add(dataset);
        await db.SaveChangesAsync(cancellationToken);
        // The profile task is written in the same transaction, so a dataset never exists without it.
        using var span = ApiTelemetry.StartTaskActivity("task create", kind: WorkflowTaskKind.Profile.ToName());
        var profile = await services.Tasks.AddAsync(dataset.OwnerId, WorkflowTaskKind.Profile, dataset.Id,
            new ProfileTaskParameters(missingTokens).ToJson(), cancellationToken);
        span?.SetTag("mlworkflow.task.id", profile.Task.Id);
        dataset.ProfileTaskId = profile.Task.Id;
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        // Committed: the job must be queued even if the client goes away now.
        await services.Tasks.EnqueueAsync(profile, CancellationToken.None);

        var elapsed = Stopwatch.GetElapsedTime(started);
        LogUploaded(services.Logger, dataset.Id, dataset.SizeBytes, dataset.RowCount, dataset.ColumnCount, elapsed.TotalMilliseconds);
        return TypedResults.Accepted($"/api/datasets/{dataset.Id}", new UploadResponse(dataset.ToResponse(), profile.Task.ToResponse(dataset.Name, null)));
    }

    private static bool TryGetBoundary(HttpRequest request, out string boundary)
    {
        boundary = "";
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType)
            || !string.Equals(contentType.MediaType.Value, "multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        boundary = HeaderUtilities.RemoveQuotes(contentType.Boundary).Value ?? "";
        return boundary.Length is > 0 and <= 70;
    }

    private static async Task<(string? Name, ProblemHttpResult? Problem)> ReadNameAsync(Stream body, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(body, Encoding.UTF8);
        var buffer = new char[4 * MaxNameLength];
        var read = await reader.ReadBlockAsync(buffer, cancellationToken);
        var name = new string(buffer, 0, read).Trim();
        if (read == buffer.Length || name.Length > MaxNameLength)
        {
            return (null, UploadProblems.InvalidName($"The name is longer than {MaxNameLength} characters."));
        }
        if (name.Any(char.IsControl))
        {
            return (null, UploadProblems.InvalidName("The name contains control characters."));
        }
        return (name.Length == 0 ? null : name, null);
    }

    private static string DefaultName(string fileName)
    {
        var name = Path.GetFileNameWithoutExtension(fileName).Trim();
        name = name.Length == 0 ? fileName : name;
        return name.Length <= MaxNameLength ? name : name[..MaxNameLength];
    }

    [LoggerMessage(LogLevel.Information,
        "Dataset {DatasetId} uploaded: {SizeBytes} bytes, {RowCount} rows, {ColumnCount} columns in {ElapsedMs:F0} ms")]
    private static partial void LogUploaded(ILogger logger, Guid datasetId, long sizeBytes, long rowCount, int columnCount, double elapsedMs);
}
