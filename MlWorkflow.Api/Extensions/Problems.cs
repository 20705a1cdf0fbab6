using Microsoft.AspNetCore.Http.HttpResults;

namespace MlWorkflow.Api.Extensions;

/// <summary>
/// RFC 7807 responses that say what is wrong (<c>detail</c>) and how to fix it (<c>fix</c>), with a
/// machine-readable <c>code</c> and, for file content, the <c>line</c> it concerns.
/// </summary>
public static class Problems
{
    public static ProblemHttpResult Create(int status, string code, string detail, string fix, long? line = null)
    {
        var extensions = new Dictionary<string, object?> { ["code"] = code, ["fix"] = fix };
        if (line is not null)
        {
            extensions["line"] = line;
        }
        return TypedResults.Problem(detail: detail, statusCode: status, extensions: extensions);
    }

    /// <summary>
    /// Gives problems written by the framework (validation, authentication, unmatched routes, errors)
    /// a <c>code</c> and a <c>fix</c> too.
    /// </summary>
    public static void AddDefaults(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        if (problem.Extensions.ContainsKey("fix"))
        {
            return;
        }
        var (code, detail, fix) = problem.Status switch
        {
            400 when problem is HttpValidationProblemDetails => ("validation_failed",
                "Some fields of the request are invalid; 'errors' lists them.",
                "Correct the fields listed in 'errors' and send the request again."),
            400 => ("bad_request", "The request could not be read.",
                "Check the request against the OpenAPI document at /openapi/v1.json."),
            401 => ("unauthenticated", "This endpoint needs a valid bearer token.",
                "Get a token from POST /api/auth/token and send it as 'Authorization: Bearer <token>'."),
            403 => ("forbidden", "Your token does not allow this.", "Use an account that may do this."),
            404 => ("not_found", "Nothing exists at this address, or it is not yours.",
                "Check the address and id; GET / lists the API's entry points."),
            405 => ("method_not_allowed", "This address does not accept this HTTP method.",
                "Check the method against the OpenAPI document at /openapi/v1.json."),
            413 => ("too_large", "The request body is too large.", "Send a smaller request."),
            415 => ("unsupported_media_type", "The request's content type is not accepted here.",
                "Check the content type against the OpenAPI document at /openapi/v1.json."),
            >= 500 => ("server_error", "The server failed to handle the request.",
                "Try again later; if it keeps failing, report the traceId."),
            _ => ("error", problem.Title ?? "The request failed.", "Check the request against /openapi/v1.json."),
        };
        problem.Detail ??= detail;
        problem.Extensions["code"] = code;
        problem.Extensions["fix"] = fix;
    }
}
