using System.Text;
using MlWorkflow.Engine;
using MlWorkflow.Engine.Profiling;
using MlWorkflow.Tests.Engine.Csv;

namespace MlWorkflow.Tests.Engine.Profiling;

/// <summary>Runs the profiler the way a job does: the dialect comes from the inspector, the bytes from a stream.</summary>
internal static class ProfileTestKit
{
    public static Task<DatasetProfile> ProfileAsync(string text, ProfileOptions? options = null) =>
        ProfileAsync(Encoding.UTF8.GetBytes(text), options);

    public static async Task<DatasetProfile> ProfileAsync(byte[] bytes, ProfileOptions? options = null, int readSize = int.MaxValue, IEngineProgress? progress = null)
    {
        var dialect = CsvTestFiles.Inspect(bytes).Dialect;
        await using var stream = new SmallReadStream(bytes, readSize);
        return await new DatasetProfiler(options ?? new ProfileOptions())
            .ProfileAsync(stream, dialect, bytes.Length, progress ?? new RecordingProgress(), TestContext.Current.CancellationToken);
    }

    public static Task<DatasetProfile> ProfileSampleAsync(string file, ProfileOptions? options = null) =>
        ProfileAsync(CsvTestFiles.ReadSample(file), options);

    public static ColumnProfile Column(this DatasetProfile profile, string name) => profile.Columns.Single(column => column.Name == name);

    /// <summary>A CSV of one column named <paramref name="name"/> holding <paramref name="values"/>.</summary>
    public static string SingleColumn(string name, IEnumerable<string> values) => $"{name}\n{string.Join('\n', values)}\n";

    public static void AssertRelativelyEqual(double expected, double? actual, double tolerance = 1e-9)
    {
        Assert.NotNull(actual);
        var scale = Math.Max(Math.Abs(expected), 1e-300);
        Assert.True(Math.Abs(expected - actual.Value) / scale <= tolerance, $"expected {expected:R}, got {actual.Value:R}");
    }
}

/// <summary>Collects what the engine reports.</summary>
internal sealed class RecordingProgress : IEngineProgress
{
    public List<(double Percent, string Step)> Reports { get; } = [];

    public List<(EngineLogLevel Level, string Step, string Message)> Logs { get; } = [];

    public Action<double>? OnReport { get; init; }

    public void Report(double percent, string step)
    {
        Reports.Add((percent, step));
        OnReport?.Invoke(percent);
    }

    public void Log(EngineLogLevel level, string step, string message) => Logs.Add((level, step, message));
}

/// <summary>A read-only stream over bytes that returns at most a set number of bytes per read, like a network or chunked store.</summary>
internal sealed class SmallReadStream(byte[] bytes, int readSize, Action<long>? afterRead = null) : Stream
{
    private long _position;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => bytes.Length;
    public override long Position { get => _position; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var count = (int)Math.Min(Math.Min(buffer.Length, readSize), bytes.Length - _position);
        bytes.AsSpan((int)_position, count).CopyTo(buffer);
        _position += count;
        afterRead?.Invoke(_position);
        return count;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Read(buffer.Span));
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
