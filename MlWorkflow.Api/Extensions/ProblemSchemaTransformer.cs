using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace MlWorkflow.Api.Extensions;

/// <summary>Documents the members every problem of this API carries besides RFC 7807's (see <see cref="Problems"/>).</summary>
public sealed class ProblemSchemaTransformer : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (!context.JsonTypeInfo.Type.IsAssignableTo(typeof(ProblemDetails)))
        {
            return Task.CompletedTask;
        }
        schema.Properties ??= new Dictionary<string, IOpenApiSchema>();
        schema.Properties["code"] = Text("What went wrong, for programs: e.g. dataset_not_found, validation_failed, unauthenticated.");
        schema.Properties["fix"] = Text("How to fix the request.");
        schema.Properties["traceId"] = Text("The request's trace id, to quote when reporting a server error.");
        schema.AdditionalProperties = new OpenApiSchema { Description = "Members of some problems, e.g. 'line' of a CSV error, 'taskId'." };
        return Task.CompletedTask;
    }

    private static OpenApiSchema Text(string description) => new() { Type = JsonSchemaType.String, Description = description };
}
