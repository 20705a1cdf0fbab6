using Hangfire;
using MlWorkflow.Core.Jobs;

namespace MlWorkflow.Worker.Extensions;

public static class WorkerServiceExtensions
{
    /// <summary>A Hangfire server on the shared storage, sized and pointed at queues by <c>Worker:Count</c> and <c>Worker:Queues</c>.</summary>
    public static IHostApplicationBuilder AddWorkerServices(this IHostApplicationBuilder builder)
    {
        var settings = WorkerSettings.From(builder.Configuration);

        builder.AddMlWorkflowHangfireStorage();
        builder.Services.AddHangfire(HangfireSetup.Configure);
        builder.Services.AddHangfireServer(options =>
        {
            options.WorkerCount = settings.Count;
            options.Queues = [.. settings.Queues];
            // Cancelling a task deletes its job; the job's CancellationToken fires within this interval.
            options.CancellationCheckInterval = TimeSpan.FromMilliseconds(500);
        });
        return builder;
    }
}
