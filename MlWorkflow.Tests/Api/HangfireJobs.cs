extern alias api;

using Hangfire;
using Hangfire.Storage;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;
using ApiProgram = api::Program;

namespace MlWorkflow.Tests.Api;

/// <summary>What Hangfire's storage (the same Postgres schema the Api enqueues into) says about a job.</summary>
public static class HangfireJobs
{
    public static StateData State(WebApplicationFactory<ApiProgram> factory, string jobId)
    {
        using var connection = factory.Services.GetRequiredService<JobStorage>().GetConnection();
        return connection.GetStateData(jobId) ?? throw new InvalidOperationException($"Hangfire has no job {jobId}.");
    }

    public static bool IsEnqueuedOn(WebApplicationFactory<ApiProgram> factory, string queue, string jobId) =>
        factory.Services.GetRequiredService<JobStorage>().GetMonitoringApi()
            .EnqueuedJobs(queue, 0, 10_000).Any(job => job.Key == jobId);

    public static WorkerSimulator Simulator(WebApplicationFactory<ApiProgram> factory, string connectionString) =>
        new(connectionString, factory.Services.GetRequiredService<IConnectionMultiplexer>());
}
