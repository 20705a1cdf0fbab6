using MlWorkflow.AppHost.Infrastructure;

var builder = DistributedApplication.CreateBuilder(args);

// Postgres (database mlworkflowdb) and Redis as containers, local executables or existing servers:
// Infrastructure:Mode = containers | local | existing | auto (Infrastructure/InfrastructureModeResolver.cs).
var (appDb, cache) = builder.AddInfrastructure();

var jwtSigningKey = builder.AddParameter("jwt-signing-key",
    new GenerateParameterDefault { MinLength = 64, Special = false }, secret: true, persist: true);

var api = builder.AddProject<Projects.MlWorkflow_Api>("api")
    .WithReference(appDb).WaitFor(appDb)
    .WithReference(cache).WaitFor(cache)
    .WithEnvironment("Jwt__SigningKey", jwtSigningKey)
    .WithHttpHealthCheck("/health");

builder.AddProject<Projects.MlWorkflow_Worker>("worker")
    .WithReference(appDb).WithReference(cache)
    .WaitFor(api) // api applies the EF migrations (and creates mlworkflowdb if missing)
    .WithHttpHealthCheck("/health");

var web = builder.AddProject<Projects.MlWorkflow_Web>("web")
    .WithExternalHttpEndpoints()
    .WithReference(api).WaitFor(api)
    .WithReference(appDb) // only Hangfire's dashboard (at /hangfire, administrators only) reads the database
    .WithHttpHealthCheck("/health");
web.WithUrl($"{web.GetEndpoint("http")}/hangfire", "Hangfire dashboard");

builder.Build().Run();
