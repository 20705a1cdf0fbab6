using MlWorkflow.Engine.Profiling;

namespace MlWorkflow.Tests.Engine.Profiling;

public sealed class ProfilerWarmUpTests
{
    [Fact]
    public async Task RunProfilesEveryColumnKindWithDefaultAndSmallCaps()
    {
        var profiles = new List<DatasetProfile>();

        await ProfilerWarmUp.RunAsync(rounds: 2, afterEachRound: profiles.Add, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(2, profiles.Count);
        var types = profiles[0].Columns.Select(column => column.Type).ToHashSet();
        Assert.Equal(Enum.GetValues<ColumnType>().ToHashSet(), types);
        Assert.All(profiles, profile => Assert.Equal((ProfilerWarmUp.DefaultRows, 20), (profile.RowCount, profile.ColumnCount)));
        Assert.False(profiles[0].Column("code").DistinctIsEstimate);
        Assert.True(profiles[1].Column("code").DistinctIsEstimate);
        Assert.True(profiles[1].DuplicateRowsIsEstimate);
        Assert.Contains(profiles[0].Columns, column => column.Missing > 0);
        Assert.Contains(profiles[0].Columns, column => column.Infinite > 0);
    }
}
