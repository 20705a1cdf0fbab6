using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace MlWorkflow.Api.Extensions;

/// <summary>The document's title, description, tag descriptions and server addresses.</summary>
public sealed class ApiDocumentTransformer : IOpenApiDocumentTransformer
{
    public static readonly IReadOnlyDictionary<string, string> TagDescriptions = new Dictionary<string, string>
    {
        ["Root"] = "What this API is and where its entry points are.",
        ["Auth"] = "Accounts and bearer tokens.",
        ["Datasets"] = "Upload CSV/TSV files; list, read, preview, download and delete your datasets.",
        ["Suggestions"] = "Preprocessing steps and ML.NET trainers suggested from a dataset's profile.",
        ["Pipelines"] = "The edited preprocessing pipeline saved with a dataset.",
        ["Preprocessing"] = "Run a pipeline on a dataset as a task; its output is a new, derived dataset.",
        ["Training"] = "Model search on a dataset and target as a task: its plan first, then start it, and stop it early keeping the best model.",
        ["Models"] = "The model registry: your trained models with versions, metrics and packages, and batch scoring of a dataset.",
        ["Tasks"] = "Background work (profiling and more): status, progress, cancel and retry.",
        ["Logs"] = "A task's log entries, stored and live.",
        ["Deployments"] = "A model behind a stable prediction URL: deployments, their keys, predictions, traffic and the models each has served.",
        ["Drift"] = "How a deployment's live inputs drift from its model's training data: checks, reports and alerts.",
    };

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info.Title = "MlWorkflow API";
        document.Info.Description = "Self-hosted tabular ML: upload datasets, profile them, get preprocessing and model suggestions, "
            + "and follow the background tasks. Every operation except root, register and token needs a bearer token "
            + "from POST /api/auth/token; errors are RFC 7807 problem+json with a 'code' and a 'fix'.";
        foreach (var tag in document.Tags ?? Enumerable.Empty<OpenApiTag>())
        {
            tag.Description ??= TagDescriptions.GetValueOrDefault(tag.Name ?? "");
        }
        // The generator names the server from the request ("http://host/"); a trailing slash doubles the one every path starts with.
        foreach (var server in document.Servers ?? Enumerable.Empty<OpenApiServer>())
        {
            if (server.Url is { Length: > 1 } url)
            {
                server.Url = url.TrimEnd('/');
            }
        }
        return Task.CompletedTask;
    }
}
