using Microsoft.AspNetCore.Http.HttpResults;
using MlWorkflow.Api.Extensions;

namespace MlWorkflow.Api.Models;

public static class ModelProblems
{
    // Someone else's model gets the same answer as a missing one.
    public static ProblemHttpResult NotFound(Guid id) => Problems.Create(StatusCodes.Status404NotFound, "model_not_found",
        $"You have no model with id {id}.", "Check the id; GET /api/models lists your models.");

    public static ProblemHttpResult InvalidDatasetFilter(string value) => Problems.Create(StatusCodes.Status400BadRequest, "invalid_datasetId",
        $"'{(value.Length <= 100 ? value : value[..100] + "…")}' is not a dataset id (a GUID).",
        "Send the id of one of your datasets (GET /api/datasets), or leave 'datasetId' out to list every model.");

    public const string InvalidPredictBatchCode = "invalid_predict_batch";

    public static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, detail: $"'{field}' is not valid.",
            extensions: new Dictionary<string, object?> { ["code"] = InvalidPredictBatchCode, ["fix"] = "Send {\"datasetId\": \"…\"} with a dataset that has the model's input columns." });
}
