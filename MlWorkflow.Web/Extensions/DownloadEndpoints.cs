using System.Net;
using Microsoft.AspNetCore.Http.HttpResults;
using MlWorkflow.Web.Services;

namespace MlWorkflow.Web.Extensions;

/// <summary>
/// Browsers cannot send the Api token themselves (it lives in Web's cookie), so Web proxies downloads:
/// the Api's body is streamed through, never buffered.
/// </summary>
public static class DownloadEndpoints
{
    public static RouteHandlerBuilder MapDownloadEndpoints(this IEndpointRouteBuilder app) =>
        app.MapGet("/datasets/{id:guid}/download", DownloadDatasetAsync).RequireAuthorization().ExcludeFromDescription();

    public static async Task<Results<FileStreamHttpResult, RedirectHttpResult, ProblemHttpResult>> DownloadDatasetAsync(
        Guid id, HttpContext context, MlWorkflowApiClient api, CancellationToken cancellationToken)
    {
        try
        {
            var file = await api.DownloadAsync(id, cancellationToken);
            context.Response.RegisterForDisposeAsync(file);
            context.Response.ContentLength = file.Length;
            return TypedResults.Stream(file.Content, file.ContentType, file.FileName ?? $"{id}.csv");
        }
        catch (ProblemException problem) when (problem.IsUnauthorized)
        {
            return TypedResults.LocalRedirect($"/account/expired?returnUrl={Uri.EscapeDataString($"/datasets/{id}")}");
        }
        catch (ProblemException problem)
        {
            return TypedResults.Problem(problem.Detail, statusCode: (int)(problem.Status ?? HttpStatusCode.BadGateway), title: problem.Title,
                extensions: problem.Fix is null ? null : new Dictionary<string, object?> { ["fix"] = problem.Fix });
        }
    }
}
