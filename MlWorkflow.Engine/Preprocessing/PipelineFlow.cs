using MlWorkflow.Engine.Alerts;
using MlWorkflow.Engine.Profiling;
using MlWorkflow.Engine.Suggestions;

namespace MlWorkflow.Engine.Preprocessing;

/// <summary>
/// What the enabled steps, in order, do to one another: row ops come before column ops; a column dropped or replaced
/// (one_hot, date_parts) by an earlier step is gone; number ops need number columns (numeric or integer in the
/// profile, or ordinal codes); date_parts needs a datetime column. Disabled steps do not run, so they change nothing here.
/// </summary>
internal sealed class PipelineFlow(DatasetProfile profile, Action<string, string> error)
{
    private readonly Dictionary<string, string> _gone = new(StringComparer.Ordinal);
    private readonly HashSet<string> _numbers = new(profile.Columns.Where(c => c.IsNumber()).Select(c => c.Name), StringComparer.Ordinal);
    private (string At, string Op)? _firstColumnOp;

    public void Check(PipelineStepSpec step, object? parameters, string at)
    {
        if (!step.Enabled)
        {
            return;
        }
        if (PipelineOps.RowOps.Contains(step.Op))
        {
            if (_firstColumnOp is { } first)
            {
                error($"{at}.op", $"{step.Op} removes whole rows, so it must come before the column steps, and {first.At} ({first.Op}) comes earlier; move this step up above it.");
            }
            return;
        }
        _firstColumnOp ??= (at, step.Op);
        foreach (var column in step.Columns)
        {
            if (_gone.TryGetValue(column, out var why))
            {
                error($"{at}.columns", $"'{column}' was {why}, so no later step can use it; remove it here, or move this step above that one.");
            }
            else
            {
                CheckType(step.Op, column, parameters, at);
            }
        }
        foreach (var column in step.Columns)
        {
            switch (step.Op)
            {
                case PipelineOps.DropColumns:
                    _gone.TryAdd(column, $"dropped by {at}");
                    break;
                case PipelineOps.OneHot or PipelineOps.DateParts:
                    _gone.TryAdd(column, $"replaced by its {step.Op} columns in {at}");
                    break;
                case PipelineOps.OrdinalEncode:
                    _numbers.Add(column);
                    break;
            }
        }
    }

    private void CheckType(string op, string column, object? parameters, string at)
    {
        var type = TypeName(column);
        var isNumber = _numbers.Contains(column);
        switch (op)
        {
            case PipelineOps.Impute when parameters is ImputeParams impute:
                if (impute.NeedsNumbers && !isNumber)
                {
                    error($"{at}.params.strategy", $"strategy {impute.Strategy} needs numbers but '{column}' is {type}; use most_frequent or constant for it (or move it to an impute step of its own).");
                }
                if (impute.Strategy == ImputeParams.Constant && isNumber && impute.FillNumber is null)
                {
                    error($"{at}.params.fill_value", $"'{column}' holds numbers, so fill_value must be a number, not \"{impute.FillText}\"; send a number such as 0.");
                }
                if ((impute.InfiniteIsMissing || impute.NonNumericIsMissing) && !isNumber)
                {
                    error($"{at}.params.also_missing", $"also_missing applies to number columns and '{column}' is {type}; remove also_missing, or move '{column}' to another impute step.");
                }
                break;
            case PipelineOps.StandardScale or PipelineOps.MinMaxScale or PipelineOps.RobustScale or PipelineOps.LogTransform or PipelineOps.ClipOutliers when !isNumber:
                error($"{at}.columns", $"'{column}' is {type}, not numbers: {op} works on numeric and integer columns; remove it here (ordinal_encode or one_hot suit categories).");
                break;
            case PipelineOps.DateParts when profile.Columns.FirstOrDefault(c => c.Name == column)?.Type != ColumnType.Datetime:
                error($"{at}.columns", $"'{column}' is {type}, not datetime: date_parts reads dates (yyyy-MM-dd…); remove it here.");
                break;
        }
    }

    private string TypeName(string column) =>
        profile.Columns.FirstOrDefault(c => c.Name == column)?.Type.ToString().ToLowerInvariant() ?? "unknown";
}
