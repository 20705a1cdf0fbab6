using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace MlWorkflow.Api.Extensions;

/// <summary>
/// Declares the JWT bearer scheme, and gives every operation its security from the endpoint's metadata: one that
/// requires authorization gets the bearer requirement and a 401 problem response, any other gets <c>security: []</c>.
/// A new route is therefore described right by whatever RequireAuthorization / AllowAnonymous says about it.
/// </summary>
public sealed class BearerSecuritySchemeTransformer : IOpenApiDocumentTransformer, IOpenApiOperationTransformer
{
    private const string SchemeId = "Bearer";
    private const string ProblemSchemaId = nameof(ProblemDetails);

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[SchemeId] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "JWT",
            Description = "A token from POST /api/auth/token.",
        };
        return Task.CompletedTask;
    }

    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        // An empty list is written as "security: []": this operation needs no token.
        operation.Security = [];
        if (!RequiresAuthorization(context.Description.ActionDescriptor.EndpointMetadata))
        {
            return;
        }
        operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeId, context.Document)] = [] });
        operation.Responses ??= [];
        if (!operation.Responses.ContainsKey("401"))
        {
            if (context.Document?.Components?.Schemas?.ContainsKey(ProblemSchemaId) != true)
            {
                context.Document?.AddComponent(ProblemSchemaId, await context.GetOrCreateSchemaAsync(typeof(ProblemDetails), null, cancellationToken));
            }
            operation.Responses["401"] = new OpenApiResponse
            {
                Description = "Unauthorized: the bearer token is missing, expired or not valid.",
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference(ProblemSchemaId, context.Document) },
                },
            };
            // Keep the responses in status order, as the generator writes them.
            var ordered = operation.Responses.OrderBy(r => r.Key, StringComparer.Ordinal).ToList();
            operation.Responses.Clear();
            foreach (var (status, response) in ordered)
            {
                operation.Responses[status] = response;
            }
        }
    }

    private static bool RequiresAuthorization(IEnumerable<object> metadata) =>
        metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any();
}
