using MlWorkflow.Engine.Csv;
using MlWorkflow.Engine.Profiling;
using MlWorkflow.Tests.Engine.Csv;

namespace MlWorkflow.Tests.Engine.Profiling;

public sealed class DatasetProfilerOptionsTests
{
    [Fact]
    public async Task ProfileWithOnlyEmptyAsMissingCountsNaTokensAsValues()
    {
        const string text = "x,y\n1,a\nNA,b\n3,NA\n,c\n5,n/a\n";

        var standard = await ProfileTestKit.ProfileAsync(text);
        var onlyEmpty = await ProfileTestKit.ProfileAsync(text, new ProfileOptions { MissingTokens = [""] });

        Assert.Equal((2L, 2L, 4L), (standard.Column("x").Missing, standard.Column("y").Missing, standard.MissingCells));
        Assert.Equal((ColumnType.Integer, 3L), (standard.Column("x").Type, standard.Column("x").Distinct));
        Assert.Equal([""], onlyEmpty.MissingTokens);
        Assert.Equal((1L, 0L, 1L), (onlyEmpty.Column("x").Missing, onlyEmpty.Column("y").Missing, onlyEmpty.MissingCells));
        Assert.Equal((ColumnType.Categorical, 4L), (onlyEmpty.Column("x").Type, onlyEmpty.Column("x").Distinct));
        Assert.Equal(5, onlyEmpty.Column("y").Distinct);
        Assert.Contains(new TopValue("n/a", 1), onlyEmpty.Column("y").TopValues!);
    }

    [Fact]
    public async Task ProfileByDefaultCountsExactlyPandasMissingValues()
    {
        string[] values = [.. SampleReference.DefaultMissingTokens, "none", "na", "Null", "-", "?", "unknown", "-999", "1.#INF", "1.5", "-1", "NONE", "Nan"];

        var profile = await ProfileTestKit.ProfileAsync(ProfileTestKit.SingleColumn("v", values.Select(value => $"\"{value}\"")));

        Assert.Equal(SampleReference.DefaultMissingTokens, profile.MissingTokens);
        Assert.Equal(SampleReference.DefaultMissingTokens.Length, profile.Column("v").Missing);
        Assert.Equal(12, profile.Column("v").Distinct);
    }

    [Fact]
    public async Task ProfileWithCustomTokensCountsThemMissingAfterTrimming()
    {
        const string text = "id,score\n1,1\n2, unknown \n3,-999\n4,2\n5,\n6,  \n7,NA\n";
        var options = new ProfileOptions { MissingTokens = ["unknown", "-999"] };

        var profile = await ProfileTestKit.ProfileAsync(text, options);

        var score = profile.Column("score");
        Assert.Equal(2, score.Missing);
        Assert.Equal(4, score.Distinct);   // "1", "2", "" (empty, and blank once trimmed) and "NA"
        Assert.Contains(new TopValue("", 2), score.TopValues!);
        Assert.Equal(ColumnType.Categorical, score.Type);
    }

    [Fact]
    public async Task ProfileTopValuesOptionLimitsTheList()
    {
        var profile = await ProfileTestKit.ProfileSampleAsync("cars.csv", new ProfileOptions { TopValues = 2 });

        Assert.Equal([new("USA", 254), new("Japan", 79)], profile.Column("Origin").TopValues!);
        Assert.All(profile.Columns.Where(column => column.TopValues is not null), column => Assert.True(column.TopValues!.Count <= 2));
    }

    [Theory]
    [InlineData(0, 10, 2_000_000, "NA", nameof(ProfileOptions.DistinctCap))]
    [InlineData(10_000, -1, 2_000_000, "NA", nameof(ProfileOptions.TopValues))]
    [InlineData(10, 50, 2_000_000, "NA", nameof(ProfileOptions.TopValues))]
    [InlineData(10_000, 10, 10, "NA", nameof(ProfileOptions.DuplicateRowsCap))]
    [InlineData(10_000, 10, 2_000_000, " NA", nameof(ProfileOptions.MissingTokens))]
    public async Task ProfileWithBadOptionsThrowsArgumentExceptionNamingIt(int distinctCap, int topValues, int duplicateRowsCap, string token, string setting)
    {
        var options = new ProfileOptions { DistinctCap = distinctCap, TopValues = topValues, DuplicateRowsCap = duplicateRowsCap, MissingTokens = ["", token] };
        var stream = new MemoryStream("a\n1\n"u8.ToArray());

        var error = await Assert.ThrowsAnyAsync<ArgumentException>(() => new DatasetProfiler(options)
            .ProfileAsync(stream, new CsvDialect(',', CsvDialect.Utf8), stream.Length, new RecordingProgress(), TestContext.Current.CancellationToken));

        Assert.Equal(setting, error.ParamName);
    }

    [Theory]
    [InlineData(99)]
    [InlineData(1_000_001)]
    public async Task ProfileWithBadCorrelationSampleThrowsArgumentExceptionNamingIt(int rows)
    {
        var stream = new MemoryStream("a\n1\n"u8.ToArray());

        var error = await Assert.ThrowsAnyAsync<ArgumentException>(() => new DatasetProfiler(new ProfileOptions { CorrelationSampleRows = rows })
            .ProfileAsync(stream, new CsvDialect(',', CsvDialect.Utf8), stream.Length, new RecordingProgress(), TestContext.Current.CancellationToken));

        Assert.Equal(nameof(ProfileOptions.CorrelationSampleRows), error.ParamName);
    }

    [Fact]
    public async Task ProfileLogsTheMissingTokensItUses()
    {
        var progress = new RecordingProgress();

        await ProfileTestKit.ProfileAsync(CsvTestFiles.ReadSample("iris.csv"), new ProfileOptions { MissingTokens = ["", "?"] }, progress: progress);

        Assert.Contains(progress.Logs, log => log.Step == "start" && log.Message.Contains("Missing values: (empty), \"?\"."));
        Assert.Contains(progress.Logs, log => log.Step == "start" && log.Message.Contains("Correlations on a sample of 10,000 rows."));
    }
}
