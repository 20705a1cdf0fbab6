using Microsoft.Extensions.Configuration;
using MlWorkflow.Core.Jobs;

namespace MlWorkflow.Tests.Worker;

/// <summary>
/// <c>Worker:TrainCount</c> workers of <c>Worker:Count</c> take trainings, apart from the rest, whenever a worker serves
/// <c>train</c> and other queues.
/// </summary>
public sealed class WorkerSettingsTests
{
    [Fact]
    public void TrainingsTakeTheirCountOutOfTheWorkersAndTheRestServeEveryOtherQueue()
    {
        var settings = From(("Worker:Count", "4"), ("Worker:TrainCount", "1"));

        Assert.Equal(
            [(WorkerPool.TrainName, 1, "train"), (WorkerPool.OtherName, 3, string.Join(',', JobQueues.All.Where(q => q != JobQueues.Train)))],
            Describe(settings));
    }

    [Fact]
    public void OneWorkerTakesTrainingsByDefault()
    {
        Assert.Equal([(WorkerPool.TrainName, 1, "train"), (WorkerPool.OtherName, 2, "default,profile")],
            Describe(From(("Worker:Count", "3"), ("Worker:Queues", "default,train,profile"))));
    }

    [Fact]
    public void AWorkerServingOnlyTrainOrNoTrainKeepsOneServerOfEveryWorker()
    {
        Assert.Equal([(WorkerPool.TrainName, 3, "train")], Describe(From(("Worker:Count", "3"), ("Worker:Queues", "train"), ("Worker:TrainCount", "1"))));
        Assert.Equal([(WorkerPool.OtherName, 3, "profile,default")], Describe(From(("Worker:Count", "3"), ("Worker:Queues", "profile,default"))));
        Assert.Equal([(WorkerPool.OtherName, 1, "profile")], Describe(From(("Worker:Count", "1"), ("Worker:Queues", "profile"), ("Worker:TrainCount", "0"))));
    }

    [Fact]
    public void TheArrayFormOfQueuesSplitsTheSameWay()
    {
        Assert.Equal([(WorkerPool.TrainName, 2, "train"), (WorkerPool.OtherName, 1, "profile")],
            Describe(From(("Worker:Count", "3"), ("Worker:TrainCount", "2"), ("Worker:Queues:0", "train"), ("Worker:Queues:1", "profile"))));
    }

    [Theory]
    [InlineData("2", "2", null, "Worker:TrainCount is 2 and Worker:Count is 2", "Worker__Count=3")]
    [InlineData("2", "5", null, "Worker:TrainCount is 5 and Worker:Count is 2", "Worker__Queues=train")]
    [InlineData("1", null, null, "Worker:TrainCount is 1 (the default) and Worker:Count is 1", "Worker__Count=2")]
    [InlineData("4", "0", null, "Worker:TrainCount is 0 but Worker:Queues includes 'train'", "leave 'train' out of Worker__Queues")]
    [InlineData("4", "0", "train", "Worker:TrainCount is 0 but Worker:Queues includes 'train'", "Worker__TrainCount=1")]
    [InlineData("4", "-1", "profile", "Worker:TrainCount is '-1'", "from 0 to 1000")]
    [InlineData("4", "one", null, "Worker:TrainCount is 'one'", "Worker__TrainCount=1")]
    public void AnInvalidTrainCountNamesTheSettingsAndHowToFixIt(string count, string? trainCount, string? queues, string message, string fix)
    {
        var error = Assert.Throws<InvalidOperationException>(() => From(("Worker:Count", count), ("Worker:TrainCount", trainCount), ("Worker:Queues", queues)));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Contains(fix, error.Message, StringComparison.Ordinal);
    }

    private static WorkerSettings From(params (string Key, string? Value)[] settings) =>
        WorkerSettings.From(new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Where(s => s.Value is not null).Select(s => KeyValuePair.Create(s.Key, s.Value)))
            .Build());

    private static IEnumerable<(string, int, string)> Describe(WorkerSettings settings) =>
        settings.Pools.Select(pool => (pool.Name, pool.Count, string.Join(',', pool.Queues)));
}
