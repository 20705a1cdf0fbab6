using System.Buffers;
using System.Diagnostics;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.OpenApi;
using MlWorkflow.Api.Deployments.Keys;
using MlWorkflow.Api.Deployments.Serving;
using MlWorkflow.Engine.Preprocessing;
using MlWorkflow.Engine.Training;

namespace MlWorkflow.Api.Deployments;

/// <summary>
/// <c>POST /api/deployments/{id}/predict</c>: rows in, predictions out, from the model the deployment serves at that
/// moment. Callers are the owner (bearer token) or an application holding one of the deployment's keys (X-Api-Key).
/// </summary>
public static class PredictApi
{
    /// <summary>Bearer token of the owner, or a deployment key.</summary>
    public const string Policy = "DeploymentPredict";

    public static RouteHandlerBuilder MapPredictApi(this IEndpointRouteBuilder app) =>
        app.MapPost("/api/deployments/{id:guid}/predict", PredictAsync).WithTags("Deployments").WithName("Deployments_Predict")
            .RequireAuthorization(Policy)
            .WithSummary("Predict 1 to 10,000 rows with the deployment's current model (its owner's bearer token or one of its keys as X-Api-Key).")
            .WithDescription("Rows are objects of input column → value, checked against the model's inputSchema: numbers as JSON numbers, "
                + "booleans as true/false, dates and categories as strings; null or a left-out column is a missing value, treated as at "
                + "training; columns the model does not use are ignored. Each bad cell is listed in 'errors' as rows[i].column.")
            // Described, not declared with Accepts: routing would answer a wrong content type itself, before authentication and uncounted.
            .AddOpenApiOperationTransformer(DescribeBodyAsync)
            .Produces<PredictResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

    public static async Task<Results<Ok<PredictResponse>, ValidationProblem, ProblemHttpResult>> PredictAsync(
        Guid id, HttpContext http, [AsParameters] PredictServices services, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var state = await services.States.GetAsync(id, cancellationToken);
        if (state is null || !MayPredict(http.User, state))
        {
            return ServingProblems.NotFound(id);
        }
        // Counted when the answer is sent, whatever it is: refused requests are errors and predict no rows.
        var outcome = new Outcome();
        http.Response.OnCompleted(() =>
        {
            var status = http.Response.StatusCode;
            services.Stats.Record(id, status >= 400, status < 400 ? outcome.Rows : 0, outcome.UnloggedRows, Stopwatch.GetElapsedTime(started));
            return Task.CompletedTask;
        });
        var (body, problem) = await PredictBodyReader.ReadAsync(http.Request, state.Schema, services.Options.Value.MaxBodyBytes, cancellationToken);
        if (body is null)
        {
            return problem!;
        }
        if (!body.IsValid)
        {
            return ServingProblems.InvalidRows(body);
        }
        var package = await services.Models.GetAsync(state, cancellationToken);
        var predictions = Predict(package, state.Schema, body);
        if (predictions is null)
        {
            return ServingProblems.InvalidRows(body);
        }
        outcome.Rows = predictions.Count;
        if (services.Options.Value.LogPredictions
            && !services.Log.TryEnqueue(new LoggedRequest(id, state.ModelId, DateTimeOffset.UtcNow, state.Schema, body.Rows, predictions)))
        {
            outcome.UnloggedRows = predictions.Count;
        }
        return TypedResults.Ok(new PredictResponse(id, state.ModelId, state.ModelVersion, [.. predictions.Select(ToResponse)]));
    }

    private static async Task DescribeBodyAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        operation.RequestBody = new OpenApiRequestBody
        {
            Required = true,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["application/json"] = new() { Schema = await context.GetOrCreateSchemaAsync(typeof(PredictRequest), null, cancellationToken) },
            },
        };
    }

    private static bool MayPredict(ClaimsPrincipal user, ServingState state)
    {
        if (user.FindFirst(DeploymentKeyAuthenticationHandler.DeploymentClaim) is { } key)
        {
            return Guid.TryParse(key.Value, out var deploymentId) && deploymentId == state.DeploymentId;
        }
        return Guid.TryParse(user.FindFirst(JwtRegisteredClaimNames.Sub)?.Value, out var userId) && userId == state.OwnerId;
    }

    /// <summary>Encodes every row (a pipeline step may refuse a value: added to the body's errors, then null) and predicts them.</summary>
    private static IReadOnlyList<ModelPrediction>? Predict(ModelPackage package, InputRowSchema schema, PredictBody body)
    {
        var width = package.FeatureWidth;
        var rows = body.Rows;
        var features = ArrayPool<float>.Shared.Rent(Math.Max(1, rows.Count * width));
        try
        {
            var row = new CellRow(schema);
            for (var r = 0; r < rows.Count; r++)
            {
                row.Cells = rows[r];
                try
                {
                    package.Encode(row, features.AsSpan(r * width, width));
                }
                catch (PreprocessDataException e)
                {
                    body.Add(PredictBody.CellKey(r, e.Column), e.Message);
                }
            }
            return body.IsValid ? package.PredictFeatures(features, rows.Count) : null;
        }
        finally
        {
            ArrayPool<float>.Shared.Return(features);
        }
    }

    private static PredictionResponse ToResponse(ModelPrediction prediction) =>
        new(prediction.Label, prediction.Probabilities, prediction.Value is { } value && !double.IsFinite(value) ? null : prediction.Value);

    private sealed class Outcome
    {
        public int Rows { get; set; }

        public int UnloggedRows { get; set; }
    }
}

/// <summary>The predict endpoint's services.</summary>
public sealed record PredictServices(
    ServingStates States, LoadedModels Models, PredictionLog Log, ServingStats Stats, [FromServices] Microsoft.Extensions.Options.IOptions<ServingOptions> Options);
