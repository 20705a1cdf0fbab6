using System.Buffers;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MlWorkflow.Api.Deployments.Serving;

/// <summary>Reads a predict request's body whole (JSON only, at most a byte limit) and parses it against the model's input schema.</summary>
public static class PredictBodyReader
{
    /// <returns>The parsed body (valid or with its errors), or the problem to answer: 415, 413 or 400 for an empty body.</returns>
    public static async Task<(PredictBody? Body, ProblemHttpResult? Problem)> ReadAsync(
        HttpRequest request, InputRowSchema schema, int maxBytes, CancellationToken cancellationToken)
    {
        if (!request.HasJsonContentType())
        {
            return (null, ServingProblems.NotJson());
        }
        if (request.ContentLength > maxBytes)
        {
            return (null, ServingProblems.TooLarge(maxBytes));
        }
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = maxBytes;
        }
        var reader = request.BodyReader;
        ReadResult read;
        try
        {
            while (true)
            {
                read = await reader.ReadAsync(cancellationToken);
                if (read.Buffer.Length > maxBytes)
                {
                    reader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
                    return (null, ServingProblems.TooLarge(maxBytes));
                }
                if (read.IsCompleted)
                {
                    break;
                }
                // Nothing consumed, everything examined: the next read returns the whole body so far plus more.
                reader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, ServingProblems.TooLarge(maxBytes));
        }
        var buffer = read.Buffer;
        try
        {
            if (buffer.IsEmpty)
            {
                return (null, ServingProblems.Empty());
            }
            if (buffer.IsSingleSegment)
            {
                return (PredictBody.Parse(buffer.FirstSpan, schema), null);
            }
            var bytes = ArrayPool<byte>.Shared.Rent((int)buffer.Length);
            try
            {
                buffer.CopyTo(bytes);
                return (PredictBody.Parse(bytes.AsSpan(0, (int)buffer.Length), schema), null);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(bytes);
            }
        }
        finally
        {
            reader.AdvanceTo(buffer.End);
        }
    }
}
