using MlWorkflow.Core.Jobs;
using MlWorkflow.Core.Tasks;

namespace MlWorkflow.Tests.Worker;

/// <summary>
/// The queues a worker serves by default (<see cref="JobQueues.All"/>) come from the task-kind table, so a kind's jobs
/// never sit on a queue nobody polls.
/// </summary>
public sealed class JobQueuesTests
{
    [Fact]
    public void EveryKindsQueueIsServedByDefaultInTheTablesOrderThenDefault()
    {
        Assert.Equal([.. WorkflowTaskKinds.All.Select(kind => kind.Queue()), JobQueues.Default], JobQueues.All);
        Assert.All(JobQueues.All, queue => Assert.True(JobQueues.IsValidName(queue), queue));
        Assert.Equal(JobQueues.All.Count, JobQueues.All.Distinct().Count());
    }
}
