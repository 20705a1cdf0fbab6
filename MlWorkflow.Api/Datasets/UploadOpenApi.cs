using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace MlWorkflow.Api.Datasets;

/// <summary>The upload reads its body itself (no IFormFile), so its multipart shape is described by hand.</summary>
public static class UploadOpenApi
{
    public static Task DescribeBodyAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        operation.RequestBody = new OpenApiRequestBody
        {
            Required = true,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["multipart/form-data"] = new()
                {
                    Schema = new OpenApiSchema
                    {
                        Type = JsonSchemaType.Object,
                        Required = new HashSet<string> { "file" },
                        Properties = new Dictionary<string, IOpenApiSchema>
                        {
                            ["file"] = new OpenApiSchema
                            {
                                Type = JsonSchemaType.String,
                                Format = "binary",
                                Description = "A .csv, .tsv or .txt file; delimiter and encoding are detected.",
                            },
                            ["name"] = new OpenApiSchema
                            {
                                Type = JsonSchemaType.String,
                                MaxLength = UploadHandler.MaxNameLength,
                                Description = "Display name; defaults to the file name without its extension.",
                            },
                            ["missingTokens"] = new OpenApiSchema
                            {
                                Type = JsonSchemaType.String,
                                Description = "Values to count as missing when profiling, as a JSON array of strings, e.g. "
                                    + "[\"\",\"NA\",\"-999\"] (\"\" = empty fields; at most 100, each at most 100 characters); "
                                    + "replaces the default list, which the profile shows as missingTokens.",
                            },
                        },
                    },
                },
            },
        };
        return Task.CompletedTask;
    }
}
