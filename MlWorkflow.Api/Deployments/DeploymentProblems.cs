using Microsoft.AspNetCore.Http.HttpResults;
using MlWorkflow.Api.Extensions;
using MlWorkflow.Core.Deployments;

namespace MlWorkflow.Api.Deployments;

public static class DeploymentProblems
{
    public const string InvalidCode = "invalid_deployment";

    public const string Example = "{\"name\": \"credit-risk\", \"modelId\": \"…\"}";

    // Someone else's deployment gets the same answer as a missing one: its existence is not revealed.
    public static ProblemHttpResult NotFound(Guid id) => Problems.Create(StatusCodes.Status404NotFound, "deployment_not_found",
        $"You have no deployment with id {id}.", "Check the id; GET /api/deployments lists your deployments.");

    public static ProblemHttpResult NameTaken(string name) => Problems.Create(StatusCodes.Status409Conflict, "deployment_name_taken",
        $"You already have a deployment named '{name}'.",
        "Choose another name, or switch the existing deployment to this model with PUT /api/deployments/{id} {\"modelId\"}.");

    public static ProblemHttpResult ModelDeployed(Guid modelId, IReadOnlyList<string> deployments) => Problems.Create(StatusCodes.Status409Conflict,
        "model_deployed", deployments.Count == 0 ? $"Model {modelId} is served by a deployment." : $"Model {modelId} is served by "
        + $"{(deployments.Count == 1 ? "the deployment" : "the deployments")} {string.Join(", ", deployments.Select(d => $"'{d}'"))}.",
        "Switch those deployments to another model (PUT /api/deployments/{id} {\"modelId\"}) or delete them, then delete the model.");

    public static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, detail: $"'{field}' is not valid.",
            extensions: new Dictionary<string, object?> { ["code"] = InvalidCode, ["fix"] = $"Send {Example}; see the message under 'errors'." });

    /// <summary>The name rule: what is wrong with <paramref name="name"/>, or null when it is a good deployment name.</summary>
    public static string? CheckName(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return "'name' is missing: name the deployment, e.g. \"credit-risk\" (it appears in its URL and lists).";
        }
        if (name.Length > DeploymentDefaults.NameMaxLength)
        {
            return $"'name' has {name.Length} characters; at most {DeploymentDefaults.NameMaxLength} are allowed.";
        }
        if (!char.IsAsciiLetterOrDigit(name[0]) || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            return $"'{name}' is not a deployment name: use letters, digits, '-', '_' and '.', starting with a letter or digit (e.g. \"credit-risk\").";
        }
        return null;
    }

    /// <summary>Drift checks run on a schedule Hangfire's cron can say exactly: every N minutes for N dividing an hour, or every N hours for N dividing a day.</summary>
    public static IReadOnlyList<int> DriftIntervals { get; } = [1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30, 60, 120, 180, 240, 360, 480, 720, 1440];

    public static string? CheckDriftInterval(int minutes) => DriftIntervals.Contains(minutes) ? null
        : $"{minutes} is not a drift check interval; use one of {string.Join(", ", DriftIntervals)} minutes (default {DeploymentDefaults.DriftIntervalMinutes}).";

    public static string? CheckRetention(int days) => days is >= 1 and <= 3650 ? null
        : $"{days} is not a retention; keep the prediction log 1 to 3650 days (default {DeploymentDefaults.LogRetentionDays}).";

    public static string? CheckWebhook(string url)
    {
        if (url.Length > 2000 || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            return $"'{(url.Length <= 100 ? url : url[..100] + "…")}' is not an http(s) URL; send the absolute URL that should receive each new alert as JSON, or \"\" for none.";
        }
        return null;
    }
}
