using System.Text;
using System.Text.Json;
using MlWorkflow.Engine.Csv;
using MlWorkflow.Engine.Profiling;
using MlWorkflow.Tests.Engine.Csv;

namespace MlWorkflow.Tests.Engine.Profiling;

public sealed class DatasetProfilerStreamingTests
{
    private static readonly JsonSerializerOptions s_web = new(JsonSerializerDefaults.Web);

    [Theory]
    [InlineData("penguins.csv")]
    [InlineData("cars.csv")]
    [InlineData("titanic.csv")]
    public async Task ProfileIsIndependentOfReadSize(string file)
    {
        var bytes = CsvTestFiles.ReadSample(file);

        var whole = await ProfileTestKit.ProfileAsync(bytes);
        var pieces = new List<DatasetProfile>();
        foreach (var size in new[] { 1, 7, 4_096 })
        {
            pieces.Add(await ProfileTestKit.ProfileAsync(bytes, readSize: size));
        }

        var expected = JsonSerializer.Serialize(whole, s_web);
        Assert.All(pieces, profile => Assert.Equal(expected, JsonSerializer.Serialize(profile, s_web)));
    }

    [Fact]
    public async Task ProfileReportsProgressByBytesEndingAt100()
    {
        var bytes = CsvTestFiles.ReadSample("titanic.csv");
        var progress = new RecordingProgress();

        await ProfileTestKit.ProfileAsync(bytes, readSize: 1_000, progress: progress);

        var percents = progress.Reports.Select(report => report.Percent).ToList();
        Assert.True(percents.Count >= 10, $"only {percents.Count} reports");
        Assert.Equal(percents.Order(), percents);
        Assert.Equal(100, percents[^1]);
        Assert.Single(percents, percent => percent == 100);
        Assert.All(percents.SkipLast(1), percent => Assert.InRange(percent, 1, 99.9));
        Assert.Contains(progress.Logs, log => log.Step == "header" && log.Message.Contains("5 columns"));
        Assert.Contains(progress.Logs, log => log.Step == "done" && log.Message.Contains("1,309 rows"));
    }

    [Fact]
    public async Task ProfileCancelledMidStreamThrowsOperationCanceled()
    {
        var bytes = CsvTestFiles.ReadSample("cars.csv");
        var dialect = CsvTestFiles.Inspect(bytes).Dialect;
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        long readWhenCancelled = 0;
        var stream = new SmallReadStream(bytes, 1_024, position =>
        {
            if (position >= bytes.Length / 2 && readWhenCancelled == 0)
            {
                readWhenCancelled = position;
                cancellation.Cancel();
            }
        });
        var progress = new RecordingProgress();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            new DatasetProfiler().ProfileAsync(stream, dialect, bytes.Length, progress, cancellation.Token));

        Assert.Equal(readWhenCancelled, stream.Position);
        Assert.DoesNotContain(progress.Reports, report => report.Percent == 100);
    }

    [Fact]
    public async Task ProfileQuotedFieldsAndOtherEncodingsMatchPlainUtf8()
    {
        const string plain = "id;comment;score\n1;hello;1.5\n2;two;\n3;say hi;7\n";
        const string quoted = "id;comment;score\r\n\r\n1;\"hello\";1.5\r\n2;\"two\";\"\"\r\n3;\"say hi\";7";
        var utf16 = new UnicodeEncoding(bigEndian: false, byteOrderMark: true);
        var files = new[]
        {
            Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(quoted)).ToArray(),
            utf16.GetPreamble().Concat(utf16.GetBytes(quoted)).ToArray(),
            new CsvDialect(';', CsvDialect.Windows1252).GetEncoding().GetBytes(quoted),
        };

        var expected = JsonSerializer.Serialize(await ProfileTestKit.ProfileAsync(plain), s_web);

        foreach (var bytes in files)
        {
            foreach (var readSize in new[] { 1, 2, 3, 4_096 })
            {
                Assert.Equal(expected, JsonSerializer.Serialize(await ProfileTestKit.ProfileAsync(bytes, readSize: readSize), s_web));
            }
        }
    }

    [Fact]
    public async Task ProfileQuotedDelimitersAndLineBreaksStayInTheirField()
    {
        var profile = await ProfileTestKit.ProfileAsync("name,note\n\"Smith, John\",\"line one\nline two\"\n\"Doe, Jane\",\"say \"\"hi\"\"\"\n");

        Assert.Equal(2, profile.RowCount);
        Assert.Equal(["Doe, Jane", "Smith, John"], profile.Column("name").TopValues!.Select(top => top.Value));
        Assert.Equal(["line one\nline two", "say \"hi\""], profile.Column("note").TopValues!.Select(top => top.Value));
    }

    [Theory]
    [InlineData("a,b\n1,2\n3\n", CsvErrorCode.RaggedRow)]
    [InlineData("a,b\n", CsvErrorCode.HeaderOnly)]
    [InlineData("\n\n", CsvErrorCode.Empty)]
    [InlineData("a,b\n1,\"2\n", CsvErrorCode.UnterminatedQuote)]
    public async Task ProfileBadFileThrowsTheInspectorsError(string text, CsvErrorCode code)
    {
        var stream = new MemoryStream(Encoding.UTF8.GetBytes(text));

        var error = await Assert.ThrowsAsync<CsvFormatException>(() => new DatasetProfiler()
            .ProfileAsync(stream, new CsvDialect(',', CsvDialect.Utf8), stream.Length, new RecordingProgress(), TestContext.Current.CancellationToken));

        Assert.Equal(code, error.Code);
        Assert.NotEmpty(error.Fix);
    }
}
