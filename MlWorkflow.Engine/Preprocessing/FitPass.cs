using System.Runtime.InteropServices;
using MlWorkflow.Engine.Csv;
using MlWorkflow.Engine.Profiling;
using MlWorkflow.Engine.Suggestions;

namespace MlWorkflow.Engine.Preprocessing;

/// <summary>
/// The first read: applies the row filters (remembering which rows they kept) and hands each kept row's values to the
/// collectors of the columns that steps touch. Spills and the kept rows' line numbers go to temporary files.
/// </summary>
internal sealed class FitPass : RecordPass, IDisposable
{
    private readonly PipelinePlan _plan;
    private readonly MissingTokenMatcher _missing;
    private readonly RowHashSet? _distinct;
    private readonly SpillFile<long>? _lines;
    private readonly string[] _rowOps;

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
    }

    public ColumnCollector[] Collectors { get; }

    /// <summary>The rows kept, when a row filter runs.</summary>
    public KeptRows? Kept { get; }

    public long RowsKept { get; private set; }

    public long Duplicates { get; private set; }

    public long MissingTargets { get; private set; }

    /// <summary>The file line of a kept row, for errors found while fitting.</summary>
    public long LineOf(long keptRow) => _lines?.At(keptRow) ?? 0;

    protected override void OnRow(ReadOnlySpan<char> text, ReadOnlySpan<int> fieldEnds, long line)
    {
        foreach (var op in _rowOps)
        {
            if (op == PipelineOps.DropDuplicates
                && !_distinct!.Add(ValueHash.Of(text, ValueHash.Of(MemoryMarshal.AsBytes(fieldEnds)))))
            {
                Duplicates++;
                return;
            }
            if (op == PipelineOps.DropMissingTarget && _missing.IsMissing(Field(text, fieldEnds, _plan.TargetIndex).Trim()))
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
            collector.Add(Field(text, fieldEnds, collector.Chain.Index), line);
        }
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
