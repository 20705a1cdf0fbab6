var builder = DistributedApplication.CreateBuilder(args);

var appDb = builder.AddConnectionString("mlworkflowdb");
var cache = builder.AddConnectionString("cache");

var api = builder.AddProject<Projects.MlWorkflow_Api>("api")
    .WithReference(appDb).WaitFor(appDb)
    .WithReference(cache)
    .WithHttpHealthCheck("/health");

builder.AddProject<Projects.MlWorkflow_Worker>("worker")
    .WithReference(appDb).WithReference(cache)
    .WaitFor(api); // api applies the EF migrations

builder.AddProject<Projects.MlWorkflow_Web>("web")
    .WithExternalHttpEndpoints()
    .WithReference(api).WaitFor(api)
    .WithHttpHealthCheck("/health");

builder.Build().Run();
