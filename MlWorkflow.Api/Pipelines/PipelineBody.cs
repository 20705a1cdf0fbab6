using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MlWorkflow.Api.Pipelines;

/// <summary>Reads a JSON body that carries pipeline steps: JSON only, at most <see cref="PipelineRules.MaxBodyBytes"/>, no duplicate keys.</summary>
public static class PipelineBody
{
    // Postgres' jsonb keeps only the last of duplicate keys: refuse them rather than store something else than was sent.
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web)
    {
        AllowDuplicateProperties = false,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict,
    };

    /// <param name="request">The request whose body to read.</param>
    /// <param name="example">The body to show in the fix of a problem.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <param name="code">The <c>code</c> of the 400 answer to a body of the wrong shape.</param>
    /// <returns>The body, or what to answer with: <c>Invalid</c> (400 keyed by field) or <c>Problem</c> (415, 413, 400).</returns>
    public static async Task<(T? Body, ValidationProblem? Invalid, ProblemHttpResult? Problem)> ReadAsync<T>(
        HttpRequest request, string example, CancellationToken cancellationToken, string code = PipelineProblems.InvalidCode)
        where T : class
    {
        if (!request.HasJsonContentType())
        {
            return (null, null, PipelineProblems.NotJson());
        }
        if (request.ContentLength > PipelineRules.MaxBodyBytes)
        {
            return (null, null, PipelineProblems.TooLarge());
        }
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodyLimit)
        {
            bodyLimit.MaxRequestBodySize = PipelineRules.MaxBodyBytes;
        }
        try
        {
            var body = await request.ReadFromJsonAsync<T>(s_json, cancellationToken);
            return body is null ? (null, null, PipelineProblems.Empty()) : (body, null, null);
        }
        catch (JsonException e)
        {
            var at = e.Path is null or "$" ? "body" : e.Path.TrimStart('$', '.');
            return (null, PipelineProblems.Invalid(new Dictionary<string, string[]> { [at] = [$"Not valid here: {e.Message}"] },
                "The body is not valid JSON of the expected shape; 'errors' says where.", $"Send {example}.", code), null);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, null, PipelineProblems.TooLarge());
        }
    }
}
