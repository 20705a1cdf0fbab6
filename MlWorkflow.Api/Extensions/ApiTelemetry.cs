using System.Diagnostics;

namespace MlWorkflow.Api.Extensions;

/// <summary>
/// The Api's own spans (exported by ServiceDefaults with every "MlWorkflow.*" source). A task created or retried
/// inside one of these spans stores its id as the task's traceparent, so the worker's job joins this trace.
/// </summary>
public static class ApiTelemetry
{
    public const string SourceName = "MlWorkflow.Api";

    public static readonly ActivitySource Source = new(SourceName);

    public static Activity? StartTaskActivity(string name, Guid? taskId = null, string? kind = null)
    {
        var activity = Source.StartActivity(name);
        activity?.SetTag("mlworkflow.task.id", taskId);
        activity?.SetTag("mlworkflow.task.kind", kind);
        return activity;
    }
}
