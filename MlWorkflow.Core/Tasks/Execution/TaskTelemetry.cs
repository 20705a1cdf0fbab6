using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace MlWorkflow.Core.Tasks.Execution;

/// <summary>
/// The tasks' ActivitySource and Meter, both named <c>MlWorkflow.Tasks</c> (ServiceDefaults exports every
/// <c>MlWorkflow.*</c> source and meter). A job's span takes the task row's <c>traceparent</c> as parent, so it
/// joins the trace of the request that created the task.
/// </summary>
public static class TaskTelemetry
{
    public const string Name = "MlWorkflow.Tasks";

    public static readonly ActivitySource Source = new(Name);

    private static readonly Meter s_meter = new(Name);
    private static readonly Counter<long> s_started = s_meter.CreateCounter<long>("mlworkflow.tasks.started", "{task}", "Task runs started, by kind.");
    private static readonly Counter<long> s_completed = s_meter.CreateCounter<long>("mlworkflow.tasks.completed", "{task}", "Tasks completed, by kind.");
    private static readonly Counter<long> s_failed = s_meter.CreateCounter<long>("mlworkflow.tasks.failed", "{task}", "Tasks failed, by kind.");
    private static readonly Counter<long> s_cancelled = s_meter.CreateCounter<long>("mlworkflow.tasks.cancelled", "{task}", "Tasks cancelled, by kind.");
    private static readonly Histogram<double> s_duration = s_meter.CreateHistogram<double>("mlworkflow.tasks.duration", "s", "From start to the end of a task (completed, failed or cancelled).");
    private static readonly Histogram<double> s_queueWait = s_meter.CreateHistogram<double>("mlworkflow.tasks.queue_wait", "s", "From enqueue to start of a task's attempt.");

    /// <summary>Starts the job's span ("task profile"), a child of <paramref name="traceParent"/> when it parses.</summary>
    public static Activity? StartJob(WorkflowTask task, string? traceParent)
    {
        ActivityContext.TryParse(traceParent, null, out var parent);
        var activity = Source.StartActivity($"task {task.Kind.ToName()}", ActivityKind.Consumer, parent);
        activity?.SetTag("mlworkflow.task.id", task.Id.ToString());
        activity?.SetTag("mlworkflow.task.kind", task.Kind.ToName());
        activity?.SetTag("mlworkflow.task.attempt", task.Attempt);
        return activity;
    }

    public static void Started(WorkflowTaskKind kind, TimeSpan? queueWait)
    {
        s_started.Add(1, Kind(kind));
        if (queueWait is { } wait)
        {
            s_queueWait.Record(Math.Max(0, wait.TotalSeconds), Kind(kind));
        }
    }

    public static void Finished(WorkflowTaskKind kind, WorkflowTaskStatus status, TimeSpan duration)
    {
        var counter = status switch
        {
            WorkflowTaskStatus.Completed => s_completed,
            WorkflowTaskStatus.Failed => s_failed,
            WorkflowTaskStatus.Cancelled => s_cancelled,
            _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Only a finished status ends a task."),
        };
        counter.Add(1, Kind(kind));
        s_duration.Record(Math.Max(0, duration.TotalSeconds), Kind(kind), new("status", status.ToName()));
    }

    private static KeyValuePair<string, object?> Kind(WorkflowTaskKind kind) => new("kind", kind.ToName());
}
