using System.Text.Json;
using System.Text.Json.Serialization;
using Hangfire;
using MlWorkflow.Api.Auth;
using MlWorkflow.Api.Datasets;
using MlWorkflow.Api.Deployments.Serving;
using MlWorkflow.Api.Infrastructure;
using MlWorkflow.Api.Logs;
using MlWorkflow.Api.Models;
using MlWorkflow.Api.Preprocessing;
using MlWorkflow.Api.Suggestions;
using MlWorkflow.Api.Tasks;
using MlWorkflow.Api.Training;
using MlWorkflow.Core.Data;
using MlWorkflow.Core.Jobs;
using MlWorkflow.Core.Tasks;

namespace MlWorkflow.Api.Extensions;

public static class ApiServiceExtensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddMlWorkflowData();

        // Migrations run once at start-up; /health stays Unhealthy until they are done (Aspire's WaitFor(api) relies on it).
        builder.Services.AddSingleton<DatabaseMigrationState>();
        builder.Services.AddHostedService<DbInitializer>();
        builder.Services.AddHealthChecks().AddCheck<DatabaseMigrationHealthCheck>(DatabaseMigrationHealthCheck.Name);

        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = Problems.AddDefaults);
        builder.Services.AddValidation();
        builder.Services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
            // Numbers are numbers: the web default also reads "5", which the OpenAPI document then describes as
            // integer-or-string, a union that client generators (Kiota) turn into wrapper types.
            options.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
        });
        builder.Services.AddOpenApi(options =>
        {
            options.AddDocumentTransformer<ApiDocumentTransformer>();
            options.AddDocumentTransformer<BearerSecuritySchemeTransformer>();
            options.AddOperationTransformer<BearerSecuritySchemeTransformer>();
            options.AddSchemaTransformer<ProblemSchemaTransformer>();
        });

        builder.AddJwtAuthentication();
        builder.Services.AddOptions<UploadOptions>()
            .BindConfiguration(UploadOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddScoped<DatasetServices>();
        builder.Services.AddSuggestions();

        // A Hangfire client only (no server): jobs are enqueued here and run by MlWorkflow.Worker.
        builder.AddMlWorkflowHangfireStorage();
        builder.Services.AddHangfire(HangfireSetup.Configure);
        builder.Services.AddScoped<TaskEnqueuer>();
        builder.Services.AddScoped<TaskCommands>();
        builder.Services.AddScoped<PipelineRuns>();
        builder.Services.AddScoped<TrainingRequests>();
        builder.Services.AddScoped<BatchScoring>();
        builder.Services.AddScoped<WebSocketLogBroker>();
        builder.Services.AddSingleton<DeploymentChanges>();
        builder.AddDeploymentServing();
    }
}
