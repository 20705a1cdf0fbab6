using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using MlWorkflow.Api.Auth;
using MlWorkflow.Api.Training;
using MlWorkflow.Core.Data;
using MlWorkflow.Engine.Suggestions;

namespace MlWorkflow.Api.Suggestions;

public static class SuggestionsApi
{
    public const string PipelineKind = "pipeline";
    public const string ModelsKind = "models";

    public static RouteGroupBuilder MapSuggestionsApi(this IEndpointRouteBuilder app)
    {
        var suggest = app.MapGroup("/api/suggest").WithTags("Suggestions").RequireAuthorization();
        suggest.AddOpenApiOperationTransformer(DescribeDatasetIdAsync);
        suggest.MapGet("/pipeline", PipelineAsync).WithName("Suggestions_Pipeline")
            .WithSummary("Suggested preprocessing steps for a profiled dataset and target, each with confidence and rationale.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        suggest.MapGet("/models", ModelsAsync).WithName("Suggestions_Models")
            .WithSummary("Recommended ML.NET trainers for a profiled dataset and target, with confidence, rationale and the expected seconds of one trial (as the training plan counts it).")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return suggest;
    }

    public static async Task<Results<Ok<PipelineSuggestionResponse>, ProblemHttpResult>> PipelineAsync(
        ClaimsPrincipal user, SuggestionService suggestions, CancellationToken cancellationToken,
        [Description("Id of one of your datasets (required).")] string? datasetId = null,
        [Description("Target column; leave out to use the best target candidate.")] string? target = null)
    {
        if (!TryParseDatasetId(datasetId, out var id, out var problem))
        {
            return problem;
        }
        var outcome = await suggestions.GetAsync(PipelineKind, id, user.GetUserId(), NullIfEmpty(target), PipelineSuggester.Suggest, cancellationToken);
        return outcome.Value is { } s ? TypedResults.Ok(new PipelineSuggestionResponse(id, s.Target, s.Task, s.Steps)) : outcome.Problem!;
    }

    public static async Task<Results<Ok<ModelRecommendationResponse>, ProblemHttpResult>> ModelsAsync(
        ClaimsPrincipal user, SuggestionService suggestions, MlWorkflowDbContext db, CancellationToken cancellationToken,
        [Description("Id of one of your datasets (required).")] string? datasetId = null,
        [Description("Target column; leave out to use the best target candidate.")] string? target = null)
    {
        if (!TryParseDatasetId(datasetId, out var id, out var problem))
        {
            return problem;
        }
        // A dataset a text_features pipeline made is trained on with its text as n-grams: the costs count them, as the plan does.
        var (text, unreadable) = await TrainingRequests.AncestorTextColumnsAsync(db, id, cancellationToken);
        var outcome = await suggestions.GetAsync(ModelsKind, id, user.GetUserId(), NullIfEmpty(target),
            (profile, chosen) => ModelRecommender.Recommend(profile, chosen, null, text), cancellationToken);
        // Ownership first (GetAsync's 404), then what the lineage says.
        return outcome.Value is { } r ? unreadable ?? (Results<Ok<ModelRecommendationResponse>, ProblemHttpResult>)TypedResults.Ok(new ModelRecommendationResponse(id, r.Target, r.Task, r.Models))
            : outcome.Problem!;
    }

    // Parsed by hand, not bound as a Guid, so a missing or malformed id gets a problem that says which and how to fix it.
    internal static bool TryParseDatasetId(string? value, out Guid id, [NotNullWhen(false)] out ProblemHttpResult? problem)
    {
        id = Guid.Empty;
        problem = string.IsNullOrWhiteSpace(value) ? SuggestionProblems.DatasetIdRequired()
            : !Guid.TryParse(value, out id) ? SuggestionProblems.DatasetIdInvalid(value)
            : null;
        return problem is null;
    }

    // datasetId is bound as text (so a bad one gets a precise problem) but documented as what it must be.
    internal static Task DescribeDatasetIdAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>().Where(p => p.Name == "datasetId") ?? [])
        {
            parameter.Required = true;
            if (parameter.Schema is OpenApiSchema schema)
            {
                schema.Format = "uuid";
            }
        }
        return Task.CompletedTask;
    }

    // "?target=" is the same as no target: the best candidate.
    private static string? NullIfEmpty(string? target) => string.IsNullOrEmpty(target) ? null : target;
}
