using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using MlWorkflow.Api.Auth;
using MlWorkflow.Api.Datasets;
using MlWorkflow.Api.Pipelines;
using MlWorkflow.Api.Suggestions;
using MlWorkflow.Engine;
using MlWorkflow.Engine.Preprocessing;

namespace MlWorkflow.Api.Preprocessing;

/// <summary>Runs a pipeline on a dataset as a <c>preprocess</c> task whose output is a new, derived dataset.</summary>
public static class PreprocessingApi
{
    private const string Example = "{\"datasetId\": \"…\", \"target\": \"…\", \"steps\": [ … ]} (target and steps are optional)";

    public static RouteGroupBuilder MapPreprocessingApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Preprocessing").RequireAuthorization();
        api.MapPost("/run_pipeline", RunAsync).WithName("Preprocessing_Run")
            .WithSummary("Run a pipeline (the given steps, else the saved pipeline, else the suggestion) on a dataset; the output is a new dataset.")
            .Accepts<RunPipelineRequest>("application/json")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        return api;
    }

    public static async Task<Results<Accepted<RunPipelineResponse>, ValidationProblem, ProblemHttpResult>> RunAsync(
        HttpRequest request, ClaimsPrincipal user, ProfiledDatasets datasets, PipelineRuns runs, CancellationToken cancellationToken)
    {
        var (body, invalid, problem) = await PipelineBody.ReadAsync<RunPipelineRequest>(request, Example, cancellationToken);
        if (body is null)
        {
            return invalid is not null ? invalid : problem!;
        }
        if (body.DatasetId is not { } id)
        {
            return Invalid("datasetId", "'datasetId' is missing: send the id of the dataset to run the pipeline on (GET /api/datasets lists them).");
        }
        if (body.Name is { } name && (string.IsNullOrWhiteSpace(name) || name.Length > 200))
        {
            return Invalid("name", "'name' must have 1 to 200 characters; leave it out to name the output after its parent.");
        }
        var ownerId = user.GetUserId();
        var state = await datasets.FindAsync(id, ownerId, cancellationToken);
        if (state is null)
        {
            return DatasetsApi.NotFound(id);
        }
        if (!state.IsProfiled || await datasets.ReadProfileAsync(id, cancellationToken) is not { } stored)
        {
            return SuggestionProblems.NotProfiled(state);
        }
        var profile = EngineJson.ReadProfile(stored.Json);
        PipelineDraft draft;
        try
        {
            draft = body.Steps is { } steps ? new PipelineDraft(body.Target, steps) : await runs.DraftAsync(id, body.Target, profile, cancellationToken);
        }
        catch (ArgumentException e)
        {
            return Invalid("target", SuggestionProblems.Message(e));
        }
        var validator = new PipelineValidator(state.Columns, profile);
        if (validator.Validate(draft) is not { } pipeline)
        {
            return PipelineProblems.Invalid(validator.Errors, "The pipeline has errors; 'errors' lists each, keyed like steps[2].params.strategy.",
                "Correct the fields listed in 'errors' and send the request again.");
        }
        if (!pipeline.Steps.Any(step => step.Enabled))
        {
            return Invalid("steps", "Every step is switched off, so the output would equal the input; switch at least one on.");
        }
        var (dataset, task) = await runs.StartAsync(id, ownerId, pipeline, body.Name, cancellationToken);
        return TypedResults.Accepted($"/api/datasets/{dataset.Id}", new RunPipelineResponse(dataset, task));
    }

    private static ValidationProblem Invalid(string field, string message) =>
        PipelineProblems.Invalid(new Dictionary<string, string[]> { [field] = [message] }, $"'{field}' is not valid.", $"Send {Example}.");
}
