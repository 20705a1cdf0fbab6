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
    public static RouteGroupBuilder MapDownloadEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("").RequireAuthorization().ExcludeFromDescription();
        group.MapGet("/datasets/{id:guid}/download", DownloadDatasetAsync);
        group.MapGet("/tasks/{id:guid}/log.txt", DownloadTaskLogAsync);
        group.MapGet("/models/{id:guid}/download", DownloadModelAsync);
        return group;
    }

    public static Task<Results<FileStreamHttpResult, RedirectHttpResult, ProblemHttpResult>> DownloadDatasetAsync(
        Guid id, HttpContext context, DatasetsClient datasets, CancellationToken cancellationToken) =>
        ProxyAsync(context, () => datasets.DownloadAsync(id, cancellationToken), $"{id}.csv", $"/datasets/{id}");

    public static Task<Results<FileStreamHttpResult, RedirectHttpResult, ProblemHttpResult>> DownloadTaskLogAsync(
        Guid id, HttpContext context, TasksClient tasks, CancellationToken cancellationToken) =>
        ProxyAsync(context, () => tasks.DownloadLogAsync(id, cancellationToken), $"task-{id}.log", $"/tasks/{id}");

    public static Task<Results<FileStreamHttpResult, RedirectHttpResult, ProblemHttpResult>> DownloadModelAsync(
        Guid id, HttpContext context, ModelsClient models, CancellationToken cancellationToken) =>
        ProxyAsync(context, () => models.DownloadAsync(id, cancellationToken), $"model-{id}.mlwmodel", $"/models/{id}");

    private static async Task<Results<FileStreamHttpResult, RedirectHttpResult, ProblemHttpResult>> ProxyAsync(
        HttpContext context, Func<Task<ApiFile>> open, string defaultFileName, string page)
    {
        try
        {
            var file = await open();
            context.Response.RegisterForDisposeAsync(file);
            context.Response.ContentLength = file.Length;
            return TypedResults.Stream(file.Content, file.ContentType, file.FileName ?? defaultFileName);
        }
        catch (ProblemException problem) when (problem.IsUnauthorized)
        {
            return TypedResults.LocalRedirect($"/account/expired?returnUrl={Uri.EscapeDataString(page)}");
        }
        catch (ProblemException problem)
        {
            return TypedResults.Problem(problem.Detail, statusCode: (int)(problem.Status ?? HttpStatusCode.BadGateway), title: problem.Title,
                extensions: problem.Fix is null ? null : new Dictionary<string, object?> { ["fix"] = problem.Fix });
        }
    }
}
