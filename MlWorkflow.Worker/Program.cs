using MlWorkflow.Worker.Extensions;
using MlWorkflow.Worker.WarmUp;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddWorkerServices();
builder.Services.AddHostedService<WarmUpService>();

var app = builder.Build();

app.MapDefaultEndpoints();

app.Run();
