using System.Buffers;
using System.Diagnostics;
using MlWorkflow.Engine.Csv;

namespace MlWorkflow.Engine.Profiling;

/// <summary>
/// Profiles a delimited file in one streaming pass: the file is read block by block, decoded and split by
/// the same rules as <see cref="CsvInspector"/>, and only bounded per-column state is kept (see
/// <see cref="ProfileOptions"/>), never the rows. Progress is reported by bytes read.
/// </summary>
public sealed class DatasetProfiler(ProfileOptions options)
{
    private const int BlockBytes = 65_536;

    public DatasetProfiler() : this(ProfileOptions.Default)
    {
    }

    /// <param name="stream">The file from its first byte (a byte-order mark is skipped).</param>
    /// <param name="dialect">As found by <see cref="CsvInspector"/>.</param>
    /// <param name="totalBytes">The file's length, for progress; 0 when unknown (progress then jumps to 100 at the end).</param>
    /// <param name="progress">Receives progress by bytes read and the log lines of each step.</param>
    /// <param name="cancellationToken">Checked after every block of 64 KiB.</param>
    /// <exception cref="CsvFormatException">The file breaks the rules the inspector checks.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> fired.</exception>
    public async Task<DatasetProfile> ProfileAsync(Stream stream, CsvDialect dialect, long totalBytes, IEngineProgress progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(dialect);
        ArgumentNullException.ThrowIfNull(progress);
        ArgumentOutOfRangeException.ThrowIfNegative(totalBytes);
        options.Validate();
        var stopwatch = Stopwatch.StartNew();
        progress.Log(EngineLogLevel.Information, "start", ProfileMessages.Start(totalBytes, dialect, options));
        var limits = CsvLimits.Default;
        var sink = new ProfileRecordSink(options, dialect, limits);
        var tokenizer = new CsvTokenizer(dialect.Delimiter, dialect.Quote, limits, sink) { Capture = true, CapturingHeader = true };
        sink.Tokenizer = tokenizer;
        var reporter = new ByteProgress(totalBytes, progress);
        var decoder = CsvByteDecoder.Create(dialect.EncodingName, 0);
        var bytes = ArrayPool<byte>.Shared.Rent(BlockBytes);
        try
        {
            var first = true;
            var headerLogged = false;
            while (true)
            {
                // The first read gathers at least the 3 or 2 bytes of a byte-order mark, however the stream splits them.
                var read = first
                    ? await stream.ReadAtLeastAsync(bytes.AsMemory(0, BlockBytes), 4, throwOnEndOfStream: false, cancellationToken)
                    : await stream.ReadAsync(bytes.AsMemory(0, BlockBytes), cancellationToken);
                if (read == 0)
                {
                    break;
                }
                var block = bytes.AsSpan(0, read);
                if (first)
                {
                    block = block[CsvPreview.SkipPreamble(block, dialect.EncodingName)..];
                    first = false;
                }
                if (!decoder.DecodeAll(block, tokenizer))
                {
                    throw decoder.Invalid(tokenizer.Line);
                }
                cancellationToken.ThrowIfCancellationRequested();
                if (!headerLogged && sink.Columns is not null)
                {
                    progress.Log(EngineLogLevel.Information, "header", ProfileMessages.Header(sink.Columns));
                    headerLogged = true;
                }
                reporter.Advance(read, sink.Rows);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }
        if (!decoder.Flush())
        {
            throw decoder.Invalid(tokenizer.Line);
        }
        tokenizer.Finish();
        if (sink.Columns is null)
        {
            throw CsvErrors.Empty(whitespaceOnly: true);
        }
        if (sink.Rows == 0)
        {
            throw CsvErrors.HeaderOnly(sink.Columns.Count, sink.HeaderLine);
        }
        var profile = sink.Complete();
        ProfileMessages.LogSummary(progress, profile, stopwatch.Elapsed, reporter.BytesRead);
        progress.Report(100, "done");
        return profile;
    }
}
