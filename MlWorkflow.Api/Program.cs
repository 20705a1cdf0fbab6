using MlWorkflow.Api.Auth;
using MlWorkflow.Api.Datasets;
using MlWorkflow.Api.Deployments;
using MlWorkflow.Api.Extensions;
using MlWorkflow.Api.Logs;
using MlWorkflow.Api.Models;
using MlWorkflow.Api.Pipelines;
using MlWorkflow.Api.Preprocessing;
using MlWorkflow.Api.Root;
using MlWorkflow.Api.Suggestions;
using MlWorkflow.Api.Tasks;
using MlWorkflow.Api.Training;
using Scalar.AspNetCore;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseAuthentication();
app.UseAuthorization();
app.UseWebSockets();

app.MapDefaultEndpoints();
app.MapOpenApi();
app.MapScalarApiReference("/docs");

app.MapRootApi();
app.MapAuthApi();
app.MapDatasetsApi();
app.MapSuggestionsApi();
app.MapDatasetPipelineApi();
app.MapPreprocessingApi();
app.MapTrainingApi();
app.MapModelsApi();
app.MapDeploymentsApi();
app.MapDeploymentKeysApi();
app.MapPredictApi();
app.MapDriftApi();
app.MapTasksApi();
app.MapLogsApi();

app.Run();
