using Microsoft.AspNetCore.Http.HttpResults;
using MlWorkflow.Api.Extensions;

namespace MlWorkflow.Api.Pipelines;

public static class PipelineProblems
{
    public const string InvalidCode = "invalid_pipeline";

    public static ProblemHttpResult NotSaved(Guid id) => Problems.Create(StatusCodes.Status404NotFound, "pipeline_not_saved",
        $"Dataset {id} has no saved pipeline: it uses the suggested one.",
        $"GET /api/suggest/pipeline?datasetId={id} for the suggestion; PUT /api/datasets/{id}/pipeline saves an edited one.");

    public static ProblemHttpResult NotJson() => Problems.Create(StatusCodes.Status415UnsupportedMediaType, "not_json",
        "The body must be JSON.", "Send the pipeline as JSON with 'Content-Type: application/json': {\"target\": \"…\", \"steps\": [ … ]}.");

    public static ProblemHttpResult Empty() => Problems.Create(StatusCodes.Status400BadRequest, "body_required",
        "The body is empty or JSON null.", "Send {\"target\": \"…\", \"steps\": [ … ]}; start from GET /api/suggest/pipeline.");

    public static ProblemHttpResult TooLarge() => Problems.Create(StatusCodes.Status413PayloadTooLarge, "too_large",
        $"The pipeline is larger than {PipelineRules.MaxBodyBytes >> 20} MiB.",
        $"Send at most {PipelineRules.MaxSteps} steps with params of at most 16 KB each.");

    public static ValidationProblem Invalid(IDictionary<string, string[]> errors, string detail, string fix, string code = InvalidCode) =>
        TypedResults.ValidationProblem(errors, detail: detail,
            extensions: new Dictionary<string, object?> { ["code"] = code, ["fix"] = fix });
}
