using System.Globalization;
using System.Text;
using System.Text.Json;
using MlWorkflow.Engine.Profiling;

namespace MlWorkflow.Tests.Engine.Profiling;

public sealed class DatasetProfilerThreadingTests
{
    [Fact]
    public async Task ProfileOnTwoThreadsEqualsProfileOnOne()
    {
        var random = new Random(17);
        string[] colours = ["red", "green", "blue", "grey"];
        var text = new StringBuilder("id,amount,count,colour,when,flag,comment\n");
        for (var i = 0; i < 120_000; i++)
        {
            text.Append(i).Append(',')
                .Append(random.Next(10) == 0 ? "" : (random.NextDouble() * 1_000).ToString("F3", CultureInfo.InvariantCulture)).Append(',')
                .Append(random.Next(500)).Append(',').Append(colours[random.Next(4)]).Append(',')
                .Append(new DateOnly(2020, 1, 1).AddDays(random.Next(1_000)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append(',')
                .Append(random.Next(2) == 0 ? "true" : "false").Append(",\"note ").Append(random.Next(50_000)).Append(", ok\"\n");
        }
        var bytes = Encoding.UTF8.GetBytes(text.ToString());

        var one = await ProfileTestKit.ProfileAsync(bytes, new ProfileOptions { UseSecondThread = false }, readSize: 65_536);
        var two = await ProfileTestKit.ProfileAsync(bytes, new ProfileOptions { UseSecondThread = true }, readSize: 65_536);

        Assert.Equal(120_000, two.RowCount);
        Assert.NotNull(two.Correlations);
        Assert.Equal(JsonSerializer.Serialize(one), JsonSerializer.Serialize(two));
    }
}
