using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using MlWorkflow.Api.Deployments.Serving;
using MlWorkflow.Api.Extensions;

namespace MlWorkflow.Api.Deployments;

/// <summary>The problems of the predict and keys endpoints.</summary>
public static class ServingProblems
{
    public const string InvalidRowsCode = "invalid_rows";
    public const string InvalidKeyCode = "invalid_key";

    private const string RowsExample = "{\"rows\": [{\"column\": value, …}]}";

    // The same answer whether the deployment is missing, someone else's, or the key is unknown, revoked or another's.
    public static ProblemHttpResult NotFound(Guid id) => Problems.Create(StatusCodes.Status404NotFound, "deployment_not_found",
        $"There is no deployment {id} that this bearer token or deployment key may use.",
        "Check the id (GET /api/deployments lists yours) and send its owner's bearer token or one of its live keys as 'X-Api-Key'.");

    public static ProblemHttpResult KeyNotFound(Guid deploymentId, Guid keyId) => Problems.Create(StatusCodes.Status404NotFound, "key_not_found",
        $"Deployment {deploymentId} has no key with id {keyId}.", $"Check the key id; GET /api/deployments/{deploymentId}/keys lists its keys.");

    public static ProblemHttpResult NotJson() => Problems.Create(StatusCodes.Status415UnsupportedMediaType, "not_json",
        "A predict request's body is JSON.", $"Send the rows as {RowsExample} with 'Content-Type: application/json'.");

    public static ProblemHttpResult TooLarge(int maxBytes) => Problems.Create(StatusCodes.Status413PayloadTooLarge, "body_too_large",
        string.Create(CultureInfo.InvariantCulture, $"The body is larger than {maxBytes:N0} bytes."),
        $"Send fewer rows per request (at most {PredictBody.MaxRows:N0}).");

    public static ProblemHttpResult Empty() => Problems.Create(StatusCodes.Status400BadRequest, "empty_body",
        "The request has no body.", $"Send the rows as {RowsExample}.");

    public static ValidationProblem InvalidRows(PredictBody body) => TypedResults.ValidationProblem(body.Errors,
        detail: body.ErrorCount <= body.Errors.Sum(e => e.Value.Length)
            ? $"{Count(body.ErrorCount)} in the request; 'errors' lists them by row and column."
            : $"{Count(body.ErrorCount)} in the request; 'errors' lists the first {body.Errors.Sum(e => e.Value.Length)}.",
        extensions: new Dictionary<string, object?>
        {
            ["code"] = InvalidRowsCode,
            ["fix"] = $"Send {RowsExample} with 1 to {PredictBody.MaxRows:N0} rows whose cells have the types the model's inputSchema gives (GET /api/models/{{id}}); null or a left-out column is a missing value.",
        });

    public static ValidationProblem InvalidKey(string message) => TypedResults.ValidationProblem(
        new Dictionary<string, string[]> { ["name"] = [message] }, detail: "'name' is not valid.",
        extensions: new Dictionary<string, object?> { ["code"] = InvalidKeyCode, ["fix"] = "Send {\"name\": \"my-app\"}: 1 to 100 characters that say who uses the key." });

    private static string Count(int problems) => problems == 1 ? "1 problem" : string.Create(CultureInfo.InvariantCulture, $"{problems:N0} problems");
}
