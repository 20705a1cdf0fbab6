using MlWorkflow.Engine.Training;
using MlWorkflow.Tests.Infrastructure;

namespace MlWorkflow.Tests.Engine.Training;

public sealed class TrainerWarmUpTests
{
    /// <summary>Every trainer of every task trains on the generated tables (a failed trial throws), then packages and predicts.</summary>
    [Fact]
    [Slow]
    public async Task EveryTrainerOfEveryTaskRunsOnTheGeneratedTables()
    {
        var elapsed = await TrainerWarmUp.RunAsync(cancellationToken: TestContext.Current.CancellationToken);

        Assert.True(elapsed > TimeSpan.Zero);
    }

    [Fact]
    public async Task CancellationStopsTheWarmUp()
    {
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => TrainerWarmUp.RunAsync(cancellationToken: cancellation.Token));
    }
}
