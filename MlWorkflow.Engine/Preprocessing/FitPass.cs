using System.Runtime.InteropServices;
using MlWorkflow.Engine.Csv;
using MlWorkflow.Engine.Profiling;
using MlWorkflow.Engine.Suggestions;
using MlWorkflow.Engine.Training;

namespace MlWorkflow.Engine.Preprocessing;

/// <summary>
/// The first read: applies the row filters (remembering which rows they kept) and hands each kept row's values to the
/// collectors of the columns that steps touch, and every input column but the target to <see cref="Reference"/> (what drift
/// checks of a model trained through these steps compare with). Spills and the kept rows' line numbers go to temporary files.
/// </summary>
internal sealed class FitPass : RecordPass, IDisposable
{
    private readonly PipelinePlan _plan;
    private readonly MissingTokenMatcher _missing;
    private readonly RowHashSet? _distinct;
    private readonly CsvJoinedRecord _joined = new();
    private readonly SpillFile<long>? _lines;
    private readonly string[] _rowOps;
    private readonly int[] _referenced;

    public FitPass(PipelinePlan plan, IReadOnlyList<string> missingTokens, CsvDialect dialect, string tempDirectory)
        : base([.. plan.Columns.Select(c => c.Name)], dialect)
    {
        _plan = plan;
        _missing = new MissingTokenMatcher(missingTokens);
        _distinct = plan.DropDuplicates ? new RowHashSet() : null;
        _rowOps = [.. plan.Steps.Select(step => step.Op).Where(PipelineOps.RowOps.Contains)];
        Kept = plan.DropDuplicates || plan.DropMissingTarget ? new KeptRows() : null;
        Collectors = [.. plan.Columns.Where(chain => chain.IsRead).Select(chain =>
        {
            var spill = chain.NeedsSpill ? new SpillFile<double>(tempDirectory) : null;
            return chain.IsNumber
                ? (ColumnCollector)new NumberCollector(chain, _missing, spill)
                : new TextCollector(chain, _missing, spill, chain.NeedsCounts);
        })];
        _lines = Collectors.Any(c => c.Spill is not null) ? new SpillFile<long>(tempDirectory) : null;
        var referenced = plan.Columns.Where(c => c.Index != plan.TargetIndex && InputCells.KindOf(c.Profile.Type) is not null).ToList();
        _referenced = [.. referenced.Select(c => c.Index)];
        Reference = new InputReferenceBuilder([.. referenced.Select(c => (c.Name, InputCells.KindOf(c.Profile.Type)!))], missingTokens);
    }

    /// <summary>The kept rows' input columns as read, before any step.</summary>
    public InputReferenceBuilder Reference { get; }

    public ColumnCollector[] Collectors { get; }

    /// <summary>The rows kept, when a row filter runs.</summary>
    public KeptRows? Kept { get; }

    public long RowsKept { get; private set; }

    public long Duplicates { get; private set; }

    public long MissingTargets { get; private set; }

    /// <summary>The file line of a kept row, for errors found while fitting.</summary>
    public long LineOf(long keptRow) => _lines?.At(keptRow) ?? 0;

    protected override void OnRow(CsvRecord record, long line)
    {
        foreach (var op in _rowOps)
        {
            if (op == PipelineOps.DropDuplicates && !_distinct!.Add(RowHash(record)))
            {
                Duplicates++;
                return;
            }
            if (op == PipelineOps.DropMissingTarget && _missing.IsMissing(record[_plan.TargetIndex].Trim()))
            {
                MissingTargets++;
                return;
            }
        }
        Kept?.Keep(Rows - 1);
        RowsKept++;
        _lines?.Add(line);
        foreach (var collector in Collectors)
        {
            collector.Add(record[collector.Chain.Index], line);
        }
        for (var i = 0; i < _referenced.Length; i++)
        {
            Reference.Add(i, record[_referenced[i]]);
        }
        Reference.EndRow();
    }

    /// <summary>The row's values and their boundaries, hashed as the profiler hashes rows to count duplicates.</summary>
    private ulong RowHash(CsvRecord record)
    {
        _joined.Join(record);
        return ValueHash.Of(_joined.Text, ValueHash.Of(MemoryMarshal.AsBytes(_joined.FieldEnds)));
    }

    public void Dispose()
    {
        foreach (var collector in Collectors)
        {
            collector.Dispose();
        }
        _lines?.Dispose();
    }
}
