using MlWorkflow.Engine.Profiling;
using MlWorkflow.Engine.Suggestions;

namespace MlWorkflow.Engine.Preprocessing;

/// <summary>A fitted pipeline ready to write rows: one <see cref="ColumnPlan"/> per input column, in file order.</summary>
internal sealed class RowTransformer
{
    private readonly FittedPipeline _fitted;

    public RowTransformer(FittedPipeline fitted)
    {
        _fitted = fitted;
        var missing = new MissingTokenMatcher(fitted.MissingTokens);
        var chains = fitted.Inputs.ToDictionary(input => input.Name, _ => new List<(string, FittedColumn)>(), StringComparer.Ordinal);
        foreach (var step in fitted.Steps.Where(step => !PipelineOps.RowOps.Contains(step.Op)))
        {
            foreach (var column in step.Columns)
            {
                chains[column.Name].Add((step.Op, column));
            }
        }
        Plans = [.. fitted.Inputs.Select(input => new ColumnPlan(input.Name, input.Type is ColumnType.Numeric or ColumnType.Integer, missing, chains[input.Name]))];
    }

    public ColumnPlan[] Plans { get; }

    public IReadOnlyList<string?> TransformRow(IReadOnlyDictionary<string, string?> row)
    {
        var cells = new CellList();
        for (var i = 0; i < Plans.Length; i++)
        {
            var present = row.TryGetValue(_fitted.Inputs[i].Name, out var value) && value is not null;
            Plans[i].Write(present ? value : "", cells, absent: !present);
        }
        return cells.Cells;
    }
}

/// <summary>The second read: writes each row the row filters kept through the fitted plans.</summary>
internal sealed class TransformPass(IReadOnlyList<string> columns, Csv.CsvDialect dialect, RowTransformer transformer, KeptRows? kept, CsvOutput output)
    : RecordPass(columns, dialect)
{
    protected override void OnRow(Csv.CsvRecord record, long line)
    {
        if (kept is not null && !kept.IsKept(Rows - 1))
        {
            return;
        }
        var plans = transformer.Plans;
        var column = 0;
        try
        {
            for (; column < plans.Length; column++)
            {
                plans[column].Write(record[column], output);
            }
        }
        catch (PreprocessDataException e)
        {
            throw e.AtLine(line);
        }
        output.EndRow();
    }
}
