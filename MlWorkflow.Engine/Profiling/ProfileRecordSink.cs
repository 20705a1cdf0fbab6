using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using MlWorkflow.Engine.Csv;
using MlWorkflow.Engine.Profiling.Correlations;

namespace MlWorkflow.Engine.Profiling;

/// <summary>
/// Receives the tokenizer's records: the header as strings (same rules as the inspector), then each
/// data row as text, which is hashed (for duplicate counting) and copied into a batch; full batches are
/// fed to the column accumulators and the correlation sample. With <see cref="ProfileOptions.UseSecondThread"/>
/// a full batch is accumulated on a pool thread while this thread tokenizes the next one into a second
/// batch (two batches in all); when that one is full, this thread takes its share of the columns still
/// left of the first (<see cref="BatchAccumulation"/>). Batches are finished one at a time and in order,
/// so results are the same.
/// </summary>
internal sealed class ProfileRecordSink(ProfileOptions options, CsvDialect dialect, CsvLimits limits)
    : ICsvRecordHandler, ICsvRecordTextHandler
{
    private readonly MissingTokenMatcher _missingTokens = new(options.MissingTokens);
    private readonly DuplicateRowCounter _duplicates = new(options.DuplicateRowsCap);
    private readonly CsvJoinedRecord _joined = new();
    private ColumnAccumulator[] _columns = [];
    private RecordBatch? _batch;
    private RecordBatch? _spare;
    private BatchAccumulation? _inFlight;
    private Task _accumulating = Task.CompletedTask;
    private RowSample? _sample;

    public CsvTokenizer? Tokenizer { get; set; }

    public IReadOnlyList<string>? Columns { get; private set; }

    public long Rows { get; private set; }

    public long HeaderLine { get; private set; }

    void ICsvRecordHandler.OnRecord(int fieldCount, long line, IReadOnlyList<string?> fields)
    {
        if (Columns is not null || CsvHeader.IsBlank(fields))
        {
            return;
        }
        var names = CsvHeader.Read(fields, line, limits);
        Columns = names;
        HeaderLine = line;
        _columns = [.. names.Select(name => new ColumnAccumulator(name, _missingTokens, options.DistinctCap))];
        _batch = new RecordBatch(names.Length);
        _sample = new RowSample(names.Length, options.CorrelationSampleRows, _missingTokens);
        Tokenizer!.Capture = false;
        Tokenizer.CapturingHeader = false;
        Tokenizer.TextHandler = this;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    void ICsvRecordTextHandler.OnRecordText(CsvRecord record, long line)
    {
        if (record.Count != _columns.Length)
        {
            throw CsvErrors.Ragged(line, record.Count, _columns.Length, dialect.Delimiter);
        }
        if (_sample!.Offer() is var slot and >= 0)
        {
            _batch!.Sampled.Add((_batch.Rows, slot));
        }
        // The values one after another are hashed (and copied into the batch); their boundaries seed the hash, so
        // "a,bc" and "ab,c" differ.
        _joined.Join(record);
        var text = _joined.Text;
        var fieldEnds = _joined.FieldEnds;
        _batch!.Add(text, fieldEnds, ValueHash.Of(text, ValueHash.Of(MemoryMarshal.AsBytes(fieldEnds))));
        Rows++;
        if (_batch.IsFull)
        {
            Flush();
        }
    }

    public DatasetProfile Complete()
    {
        Flush();
        FinishInFlight();
        var threads = new ParallelOptions { MaxDegreeOfParallelism = options.UseSecondThread ? -1 : 1 };
        var columns = new ColumnProfile[_columns.Length];
        Parallel.For(0, columns.Length, threads, column => columns[column] = ColumnSummary.Build(_columns[column], Rows, options.TopValues));
        var (correlations, matrices) = CorrelationBuilder.Build(_sample!, columns, Rows, options.UseSecondThread);
        return new DatasetProfile
        {
            RowCount = Rows,
            ColumnCount = columns.Length,
            MissingCells = columns.Sum(column => column.Missing),
            DuplicateRows = _duplicates.Duplicates,
            DuplicateRowsIsEstimate = _duplicates.IsEstimate,
            MissingTokens = [.. options.MissingTokens],
            Columns = columns,
            Correlations = correlations,
            CorrelationMatrices = matrices,
        };
    }

    private void Flush()
    {
        if (_batch is not { Rows: > 0 })
        {
            return;
        }
        FinishInFlight();
        var work = new BatchAccumulation(_batch, _columns, FillSample);
        _batch = _spare ?? new RecordBatch(_columns.Length);
        _spare = null;
        if (options.UseSecondThread)
        {
            _inFlight = work;
            _accumulating = Task.Run(work.Run);
        }
        else
        {
            work.Run();
            Recycle(work.Batch);
        }
    }

    /// <summary>Helps with the units of the batch in flight that the pool thread has not started, then waits for its own.</summary>
    private void FinishInFlight()
    {
        if (_inFlight is null)
        {
            return;
        }
        _inFlight.Run();
        _accumulating.GetAwaiter().GetResult();
        Recycle(_inFlight.Batch);
        _inFlight = null;
    }

    /// <summary>The unit of a batch for the state shared by all columns: the correlation sample and the duplicate rows.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void FillSample(RecordBatch batch)
    {
        if (_sample!.NeedsColumns)
        {
            // A wide file samples the columns its first batch shows to be the most useful (CorrelationColumns);
            // judged on the batch alone, as the column accumulators may be busy with it on another thread.
            _sample.Choose(CorrelationColumns.ToSample(batch, Columns!, _missingTokens));
        }
        _sample.Fill(batch);
        foreach (var hash in batch.RowHashes)
        {
            _duplicates.Add(hash);
        }
    }

    private void Recycle(RecordBatch batch)
    {
        batch.Clear();
        _spare = batch;
    }
}
