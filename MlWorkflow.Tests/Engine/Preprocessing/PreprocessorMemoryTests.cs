using System.Globalization;
using System.Text;
using System.Text.Json;
using MlWorkflow.Engine.Csv;
using MlWorkflow.Engine.Preprocessing;
using MlWorkflow.Tests.Engine.Profiling;
using MlWorkflow.Tests.Infrastructure;

namespace MlWorkflow.Tests.Engine.Preprocessing;

[CollectionDefinition(nameof(PreprocessMemoryCollection), DisableParallelization = true)]
public sealed class PreprocessMemoryCollection;

/// <summary>
/// A generated 1,000,000-row file goes through in bounded memory: the rows are never held, only spills on disk. Measured
/// process-wide (the work hops threads at each await), so the class runs alone.
/// </summary>
[Slow]
[Collection(nameof(PreprocessMemoryCollection))]
public sealed class PreprocessorMemoryTests
{
    private const int Rows = 1_000_000;

    [Fact]
    public async Task MillionRowFileRunsInBoundedMemory()
    {
        var temp = Directory.CreateTempSubdirectory("mlworkflow-pre-memory-");
        try
        {
            var file = Path.Combine(temp.FullName, "big.csv");
            await File.WriteAllTextAsync(file, Generate(Rows), TestContext.Current.CancellationToken);
            var profile = await ProfileTestKit.ProfileAsync(Generate(2_000));
            var steps = JsonSerializer.Deserialize<List<PipelineDraftStep>>("""
                [{"id":"a","op":"impute","columns":["x"],"params":{"strategy":"median"}},{"id":"b","op":"standard_scale","columns":["x"]},
                 {"id":"c","op":"robust_scale","columns":["n"]},{"id":"d","op":"one_hot","columns":["c"]},
                 {"id":"e","op":"date_parts","columns":["d"],"params":{"parts":["year","month"]}}]
                """, JsonSerializerOptions.Web)!;
            var pipeline = new PipelineValidator([.. profile.Columns.Select(c => c.Name)], profile).Validate(new PipelineDraft("y", steps))!;
            var output = new CountingStream();
            var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
            long peakHeap = 0;
            var progress = new RecordingProgress { OnReport = _ => peakHeap = Math.Max(peakHeap, GC.GetTotalMemory(false)) };
            var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);

            var result = await new Preprocessor(pipeline, profile, new PreprocessOptions(temp.FullName)).RunAsync(
                _ => Task.FromResult<Stream>(File.OpenRead(file)), new CsvDialect(',', CsvDialect.Utf8), new FileInfo(file).Length,
                output, progress, TestContext.Current.CancellationToken);

            var allocatedPerRow = (GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore) / (double)Rows;
            Assert.Equal(Rows, result.RowsOut);
            Assert.Equal(Rows + 1, output.Lines);
            Assert.True(peakHeap - heapBefore < 64L << 20, $"managed heap grew by {(peakHeap - heapBefore) >> 20} MiB");
            Assert.True(allocatedPerRow < 64, $"{allocatedPerRow:F1} bytes allocated per row");
            Assert.Single(temp.EnumerateFiles());
        }
        finally
        {
            temp.Delete(recursive: true);
        }
    }

    /// <summary>Seeded rows: a boolean target, a decimal with holes, an integer, a category and a date.</summary>
    private static string Generate(int rows)
    {
        var random = new Random(11);
        var text = new StringBuilder("y,x,n,c,d\n", rows * 40);
        string[] colours = ["red", "green", "blue", "black"];
        for (var i = 0; i < rows; i++)
        {
            text.Append(random.Next(2) == 0 ? "yes" : "no").Append(',');
            if (random.Next(10) != 0)
            {
                text.Append((random.NextDouble() * 100).ToString("F3", CultureInfo.InvariantCulture));
            }
            text.Append(',').Append(random.Next(500)).Append(',').Append(colours[random.Next(4)]).Append(',')
                .Append(new DateOnly(2015, 1, 1).AddDays(random.Next(3650)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append('\n');
        }
        return text.ToString();
    }

    /// <summary>Counts the bytes and lines written, keeping none of them.</summary>
    private sealed class CountingStream : Stream
    {
        public long Lines { get; private set; }

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer) => Lines += buffer.Count((byte)'\n');

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Write(buffer.Span);
            return ValueTask.CompletedTask;
        }

        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
