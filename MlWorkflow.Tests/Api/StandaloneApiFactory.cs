extern alias api;

using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using MlWorkflow.Tests.Infrastructure;
using ApiProgram = api::Program;

namespace MlWorkflow.Tests.Api;

/// <summary>
/// An Api of its own, on a fresh database (and, if given, its own Redis), for tests that need an empty user
/// table or must stop Redis without disturbing the shared fixture's.
/// </summary>
public sealed class StandaloneApiFactory(InfrastructureFixture infrastructure, string? redisConnectionString = null)
    : WebApplicationFactory<ApiProgram>
{
    public string ConnectionString { get; private set; } = "";

    /// <param name="infrastructure">The test run's servers.</param>
    /// <param name="redisConnectionString">Another Redis than the run's.</param>
    /// <param name="waitUntilHealthy">False to return at once (with Redis down, /health is never healthy).</param>
    public static async Task<StandaloneApiFactory> StartAsync(InfrastructureFixture infrastructure, string? redisConnectionString = null, bool waitUntilHealthy = true)
    {
        var factory = new StandaloneApiFactory(infrastructure, redisConnectionString)
        {
            ConnectionString = await infrastructure.CreateDatabaseAsync("api"),
        };
        if (waitUntilHealthy)
        {
            await MlWorkflowApiFactory.WaitUntilHealthyAsync(factory);
        }
        return factory;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:mlworkflowdb", ConnectionString);
        builder.UseSetting("ConnectionStrings:cache", redisConnectionString ?? infrastructure.Redis.ConnectionString);
        builder.UseSetting("Jwt:SigningKey", MlWorkflowApiFactory.SigningKey);
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
    }
}
