using System.Diagnostics;
using MlWorkflow.Core.Tasks;
using MlWorkflow.Core.Tasks.Execution;

namespace MlWorkflow.Tests.Worker;

public sealed class TaskTelemetryTests
{
    [Fact]
    public void JobSpanJoinsTheTraceOfTheRequestThatCreatedTheTask()
    {
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == TaskTelemetry.Name,
            Sample = (ref _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        var task = new WorkflowTask { OwnerId = Guid.NewGuid(), Kind = WorkflowTaskKind.Profile };
        const string traceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

        using var activity = TaskTelemetry.StartJob(task, traceParent);

        Assert.NotNull(activity);
        Assert.Equal("0af7651916cd43dd8448eb211c80319c", activity.TraceId.ToHexString());
        Assert.Equal("b7ad6b7169203331", activity.ParentSpanId.ToHexString());
        Assert.Equal("task profile", activity.DisplayName);
        Assert.Equal(task.Id.ToString(), activity.GetTagItem("mlworkflow.task.id"));
    }

    [Fact]
    public void JobSpanWithoutTraceParentStartsItsOwnTrace()
    {
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == TaskTelemetry.Name,
            Sample = (ref _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        var task = new WorkflowTask { OwnerId = Guid.NewGuid(), Kind = WorkflowTaskKind.Profile };

        using var activity = TaskTelemetry.StartJob(task, null);

        Assert.NotNull(activity);
        Assert.Equal(default, activity.ParentSpanId);
    }
}
