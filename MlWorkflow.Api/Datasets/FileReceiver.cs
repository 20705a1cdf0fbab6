using System.Buffers;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using MlWorkflow.Core.Artifacts;
using MlWorkflow.Core.Data;
using MlWorkflow.Engine.Csv;

namespace MlWorkflow.Api.Datasets;

public sealed record ReceivedFile(string FileName, CsvInspection Inspection, Artifact Artifact);

/// <summary>One pass over the file part: size limit, CSV checks, then hashed chunk writes.</summary>
public static class FileReceiver
{
    private const int BlockSize = 64 * 1024;

    /// <summary>Checks the part's file name and content type, then receives its body.</summary>
    public static async Task<(ReceivedFile? File, ProblemHttpResult? Problem)> ReceiveAsync(
        MultipartSection section, ContentDispositionHeaderValue disposition, long maxBytes, MlWorkflowDbContext db,
        CancellationToken cancellationToken)
    {
        var rawName = disposition.FileNameStar.HasValue
            ? disposition.FileNameStar.Value
            : HeaderUtilities.RemoveQuotes(disposition.FileName).Value;
        if (UploadFileRules.CheckFileName(rawName, out var fileName) is { } nameProblem)
        {
            return (null, nameProblem);
        }
        if (UploadFileRules.CheckType(fileName, section.ContentType, out var mediaType) is { } typeProblem)
        {
            return (null, typeProblem);
        }
        return await ReceiveAsync(section.Body, fileName, mediaType, maxBytes, db, cancellationToken);
    }

    /// <summary>Runs inside the caller's transaction on <paramref name="db"/>; returns the file or the problem that rejects it.</summary>
    public static async Task<(ReceivedFile? File, ProblemHttpResult? Problem)> ReceiveAsync(
        Stream body, string fileName, string contentType, long maxBytes, MlWorkflowDbContext db, CancellationToken cancellationToken)
    {
        var inspector = new CsvInspector(CsvLimits.Default);
        await using var writer = await PostgresArtifactStore.BeginWriteAsync(db.Database, "dataset", contentType, cancellationToken);
        var buffer = ArrayPool<byte>.Shared.Rent(BlockSize);
        try
        {
            long total = 0;
            int read;
            while ((read = await body.ReadAsync(buffer.AsMemory(0, BlockSize), cancellationToken)) > 0)
            {
                total += read;
                if (total > maxBytes)
                {
                    return (null, UploadProblems.TooLarge(maxBytes));
                }
                inspector.Append(buffer.AsSpan(0, read));
                await writer.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }
            var inspection = inspector.Complete();
            var artifact = await writer.CompleteAsync(cancellationToken);
            return (new ReceivedFile(fileName, inspection, artifact), null);
        }
        catch (CsvFormatException e)
        {
            return (null, UploadProblems.BadCsv(e));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
