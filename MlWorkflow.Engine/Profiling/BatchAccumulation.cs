namespace MlWorkflow.Engine.Profiling;

/// <summary>
/// The accumulation of one full batch, split into units: one per column, and a last one for the
/// correlation sample. Any thread may claim the next unclaimed unit (<see cref="Run"/>), so the pool
/// thread and, once it has read the next batch, the reading thread share the work instead of one
/// waiting for the other. Each unit has one state of its own (a column's accumulator or the sample) and
/// batches are finished one at a time and in order, so every state sees its values in file order on one
/// thread at a time: results are the same as on one thread, with nothing to merge.
/// </summary>
internal sealed class BatchAccumulation(RecordBatch batch, ColumnAccumulator[] columns, Action<RecordBatch> sample)
{
    private int _next = -1;

    public RecordBatch Batch => batch;

    /// <summary>Claims and runs units until none is left unclaimed; units claimed by another thread may still be running.</summary>
    public void Run()
    {
        while (Interlocked.Increment(ref _next) is var unit && unit <= columns.Length)
        {
            if (unit < columns.Length)
            {
                columns[unit].AddColumn(batch, unit);
            }
            else
            {
                sample(batch);
            }
        }
    }
}
