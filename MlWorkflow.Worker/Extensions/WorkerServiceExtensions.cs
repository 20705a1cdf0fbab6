using Hangfire;
using Microsoft.Extensions.DependencyInjection.Extensions;
using MlWorkflow.Core.Data;
using MlWorkflow.Core.Deployments;
using MlWorkflow.Core.Jobs;
using MlWorkflow.Core.Tasks;
using MlWorkflow.Core.Tasks.Execution;
using MlWorkflow.Worker.Jobs;

namespace MlWorkflow.Worker.Extensions;

public static class WorkerServiceExtensions
{
    /// <summary>
    /// The data services, the task job (<see cref="ITaskJob"/>, resolved by Hangfire from DI) with its runners, and the
    /// Hangfire servers on the shared storage, sized and pointed at queues by <c>Worker:Count</c>, <c>Worker:Queues</c> and
    /// <c>Worker:TrainCount</c> (<see cref="WorkerSettings.Pools"/>), retrying transient errors as
    /// <c>Worker:RetryAttempts</c> and <c>Worker:RetryDelaysSeconds</c> say.
    /// </summary>
    public static IHostApplicationBuilder AddWorkerServices(this IHostApplicationBuilder builder)
    {
        var settings = WorkerSettings.From(builder.Configuration);
        var retries = TaskRetryPolicy.From(builder.Configuration);

        builder.AddMlWorkflowData();
        builder.Services.AddSingleton(services => new TaskTransitions(
            services.GetRequiredService<Npgsql.NpgsqlDataSource>(), services.GetRequiredService<StackExchange.Redis.IConnectionMultiplexer>()));
        builder.Services.AddScoped<TaskEnqueuer>();
        builder.Services.AddTaskRunner<ProfileRunner>(WorkflowTaskKind.Profile);
        builder.Services.AddTaskRunner<PreprocessRunner>(WorkflowTaskKind.Preprocess);
        builder.Services.AddTaskRunner<TrainRunner>(WorkflowTaskKind.Train);
        builder.Services.AddTaskRunner<BatchPredictRunner>(WorkflowTaskKind.BatchPredict);
        builder.Services.AddTaskRunner<DriftCheckRunner>(WorkflowTaskKind.DriftCheck);
        builder.Services.AddScoped<IDriftAlertWebhook, DriftAlertWebhook>();
        builder.Services.AddHttpClient(DriftAlertWebhook.ClientName, client => client.Timeout = TimeSpan.FromSeconds(30));
        builder.Services.AddScoped<ITaskJob, TaskJob>();
        builder.Services.AddScoped<IScheduledDriftCheck, ScheduledDriftCheck>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddHostedService<OrphanedCancelSweeper>();
        builder.Services.AddHostedService<UnqueuedTaskSweeper>();
        builder.Services.AddHostedService<ArtifactSweeper>();

        builder.AddMlWorkflowHangfireStorage();
        builder.Services.AddHangfire((services, configuration) =>
        {
            HangfireSetup.Configure(services, configuration);
            retries.Apply(configuration, services);
        });
        // Trainings run for their whole budget, so they get workers of their own (Worker:TrainCount): a Hangfire server
        // per pool, each with its own worker count and queues, otherwise alike.
        foreach (var pool in settings.Pools)
        {
            builder.Services.AddHangfireServer(options =>
            {
                options.ServerName = $"{Environment.MachineName}-{pool.Name}";
                options.WorkerCount = pool.Count;
                options.Queues = [.. pool.Queues];
                // Cancelling a task deletes its job; the job's CancellationToken fires within this interval.
                options.CancellationCheckInterval = TimeSpan.FromMilliseconds(500);
                options.SchedulePollingInterval = retries.SchedulePollingInterval;
            });
        }
        return builder;
    }
}
