using System.Globalization;
using System.Text;
using System.Text.Json;
using MlWorkflow.Engine.Profiling;
using MlWorkflow.Tests.Engine.Csv;
using MlWorkflow.Tests.Infrastructure;

namespace MlWorkflow.Tests.Engine.Profiling;

/// <summary>
/// Two threads share each batch's columns, but every column (and the correlation sample) is still fed in
/// file order by one thread at a time: the profile must equal the one-thread profile exactly, sketches included.
/// </summary>
public sealed class DatasetProfilerThreadingTests
{
    [Fact]
    [Slow]
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

        await AssertSameOnOneAndTwoThreadsAsync(Encoding.UTF8.GetBytes(text.ToString()), expectedRows: 120_000);
    }

    [Theory]
    [InlineData("iris.csv")]
    [InlineData("penguins.csv")]
    [InlineData("titanic.csv")]
    [InlineData("cars.csv")]
    [InlineData("diabetes.csv")]
    public async Task ProfileOfSampleOnTwoThreadsEqualsProfileOnOne(string file)
    {
        var bytes = CsvTestFiles.ReadSample(file);

        await AssertSameOnOneAndTwoThreadsAsync(bytes, expectedRows: null);
    }

    [Fact]
    public async Task ProfileWithQuotedLineBreaksAndCommasOnTwoThreadsEqualsProfileOnOne()
    {
        // Many batches of wide rows whose quoted fields hold commas, doubled quotes and CRLF / LF line breaks.
        var random = new Random(5);
        var text = new StringBuilder("key,score,note,code,ratio,label\r\n");
        for (var i = 0; i < 40_000; i++)
        {
            var note = random.Next(4) switch
            {
                0 => $"\"line one\r\nline two, {i}\"",
                1 => $"\"said \"\"hi\"\", then\nleft\"",
                2 => "",
                _ => $"plain {random.Next(1_000)}",
            };
            text.Append(random.Next(3_000)).Append(',')
                .Append(random.Next(8) == 0 ? "NA" : (random.NextDouble() * 50 - 25).ToString("G6", CultureInfo.InvariantCulture)).Append(',')
                .Append(note).Append(',')
                .Append("\"C,").Append(random.Next(20_000)).Append("\",")
                .Append(random.NextDouble().ToString("F4", CultureInfo.InvariantCulture)).Append(',')
                .Append(random.Next(3) == 0 ? "yes" : "no").Append("\r\n");
        }

        var profile = await AssertSameOnOneAndTwoThreadsAsync(Encoding.UTF8.GetBytes(text.ToString()), expectedRows: 40_000);

        Assert.Equal(6, profile.ColumnCount);
        Assert.True(profile.Column("code").DistinctIsEstimate);
    }

    private static async Task<DatasetProfile> AssertSameOnOneAndTwoThreadsAsync(byte[] bytes, long? expectedRows)
    {
        var one = await ProfileTestKit.ProfileAsync(bytes, new ProfileOptions { UseSecondThread = false }, readSize: 65_536);
        var two = await ProfileTestKit.ProfileAsync(bytes, new ProfileOptions { UseSecondThread = true }, readSize: 65_536);

        if (expectedRows is { } rows)
        {
            Assert.Equal(rows, two.RowCount);
        }
        Assert.NotNull(two.Correlations);
        Assert.Equal(JsonSerializer.Serialize(one), JsonSerializer.Serialize(two));
        return two;
    }
}
