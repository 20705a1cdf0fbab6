using MlWorkflow.Engine.Profiling;
using MlWorkflow.Engine.Suggestions;

namespace MlWorkflow.Engine.Preprocessing;

/// <summary>
/// Fits one column's steps in order, each on the output of the ones before it: text steps from the value counts, number
/// steps from the column's spill run through the steps already fitted. Returns each step's fitted column and log line.
/// </summary>
internal sealed class ColumnFitter(ColumnCollector collector, double[] buffer, Func<long, long> lineOf, PreprocessOptions options)
{
    private readonly ColumnChain _chain = collector.Chain;
    private NumberSource? _source = collector.Spill is { } spill && collector.Chain.IsNumber ? new NumberSource(spill, buffer, lineOf) : null;
    private bool _numbers = collector.Chain.IsNumber;
    private long _missing = collector.Missing;
    private readonly TextCounts? _text = collector is TextCollector text ? new TextCounts(text) : null;

    private string Name => _chain.Name;

    public List<(ChainStep Step, FittedColumn Fitted, string Message)> Fit()
    {
        var fitted = new List<(ChainStep, FittedColumn, string)>();
        for (var i = 0; i < _chain.Steps.Count; i++)
        {
            var step = _chain.Steps[i];
            var (column, message) = _numbers ? FitNumber(step, i == 0) : FitText(step);
            fitted.Add((step, column, message));
            if (step.Op is PipelineOps.DropColumns or PipelineOps.OneHot or PipelineOps.DateParts)
            {
                break;
            }
        }
        return fitted;
    }

    private (FittedColumn, string) FitText(ChainStep step)
    {
        var column = new FittedColumn(Name);
        switch (step.Op)
        {
            case PipelineOps.Impute:
                var impute = (ImputeParams)step.Params!;
                var fill = impute.Strategy == ImputeParams.Constant ? impute.FillText! : _text!.MostFrequent() ?? throw NoValues(step.Op);
                var filled = _text?.Fill(fill) ?? _missing;
                _missing = 0;
                return (column with { Strategy = impute.Strategy, FillText = fill }, PreprocessMessages.ImputeText(Name, impute.Strategy, fill, filled));
            case PipelineOps.OneHot:
                var categories = _text!.Sorted();
                var hasMissing = _text.Missing > 0;
                var outputs = OneHotNames(categories, hasMissing);
                return (column with { Categories = categories, MissingCategory = hasMissing ? true : null, Outputs = outputs }, PreprocessMessages.OneHot(Name, outputs));
            case PipelineOps.OrdinalEncode:
                var byFrequency = ((OrdinalParams)step.Params!).ByFrequency;
                var order = byFrequency ? _text!.ByFrequency() : _text!.Sorted();
                StartNumbersFromCodes(order);
                return (column with { Categories = order }, PreprocessMessages.Ordinal(Name, order, byFrequency));
            case PipelineOps.DateParts:
                var parts = ((DatePartsParams)step.Params!).Parts;
                var names = parts.Select(part => $"{Name}_{part}").ToList();
                return (column with { Parts = parts, Outputs = names }, PreprocessMessages.DateParts(Name, names));
            default:
                return (column, PreprocessMessages.Drop(Name, step));
        }
    }

    private (FittedColumn, string) FitNumber(ChainStep step, bool first)
    {
        var column = new FittedColumn(Name);
        string message;
        switch (step.Op)
        {
            case PipelineOps.Impute:
                var impute = (ImputeParams)step.Params!;
                var fill = impute.Strategy switch
                {
                    ImputeParams.Constant => impute.FillNumber!.Value,
                    ImputeParams.Mean => _source!.Mean().Mean,
                    ImputeParams.Median => ExactQuantiles.Median(_source!),
                    _ => MostFrequent(_source!.Counts().Counts),
                };
                List<string> also = [.. first && impute.InfiniteIsMissing ? [ImputeParams.Infinite] : Array.Empty<string>(),
                    .. first && impute.NonNumericIsMissing ? [ImputeParams.NonNumeric] : Array.Empty<string>()];
                column = column with { Strategy = impute.Strategy, FillNumber = double.IsNaN(fill) ? throw NoValues(step.Op) : fill, AlsoMissing = also.Count > 0 ? also : null };
                message = PreprocessMessages.ImputeNumber(Name, impute.Strategy, fill, _missing);
                _missing = 0;
                break;
            case PipelineOps.StandardScale:
                var (count, mean) = _source!.Mean();
                var scale = count == 0 ? throw NoValues(step.Op) : NumberStats.StandardScale(mean, _source.Variance(mean, count), count);
                column = column with { Center = mean, Scale = scale };
                message = PreprocessMessages.Scale(Name, step.Op, "mean", mean, "std", scale);
                break;
            case PipelineOps.MinMaxScale:
                var (min, max) = _source!.Range();
                column = min > max ? throw NoValues(step.Op) : column with { Min = min, Max = max };
                message = PreprocessMessages.Scale(Name, step.Op, "min", min, "max", max);
                break;
            case PipelineOps.RobustScale:
                var median = ExactQuantiles.Median(_source!);
                var quartiles = ExactQuantiles.Linear(_source!, 0.25, 0.75) ?? throw NoValues(step.Op);
                column = column with { Center = median, Scale = NumberStats.NonZeroScale(quartiles[1] - quartiles[0]) };
                message = PreprocessMessages.Scale(Name, step.Op, "median", median, "IQR", column.Scale!.Value);
                break;
            case PipelineOps.ClipOutliers:
                var clip = (ClipParams)step.Params!;
                var bounds = ExactQuantiles.Linear(_source!, clip.Lower, clip.Upper) ?? throw NoValues(step.Op);
                column = column with { Lower = bounds[0], Upper = bounds[1] };
                message = PreprocessMessages.Clip(Name, clip, bounds[0], bounds[1]);
                break;
            case PipelineOps.OneHot:
                var (counts, missing) = _source!.Counts();
                List<double> categories = [.. counts.Keys.Order()];
                var integers = first && _chain.Profile.Type == ColumnType.Integer && missing == 0 && categories.All(c => Math.Abs(c) < 1e15 && c == Math.Floor(c));
                var outputs = OneHotNames([.. categories.Select(c => integers ? ((long)c).ToString(System.Globalization.CultureInfo.InvariantCulture) : CellFormat.PythonFloat(c))], missing > 0);
                return (column with { NumberCategories = categories, MissingCategory = missing > 0 ? true : null, Outputs = outputs }, PreprocessMessages.OneHot(Name, outputs));
            case PipelineOps.OrdinalEncode:
                var byFrequency = ((OrdinalParams)step.Params!).ByFrequency;
                var seen = _source!.Counts().Counts;
                List<double> order = [.. byFrequency ? seen.OrderByDescending(e => e.Value).ThenBy(e => e.Key).Select(e => e.Key) : seen.Keys.Order()];
                column = column with { NumberCategories = order };
                message = PreprocessMessages.Ordinal(Name, [.. order.Select(CellFormat.Number)], byFrequency);
                break;
            case PipelineOps.LogTransform:
                message = PreprocessMessages.Log(Name);
                break;
            default:
                return (column, PreprocessMessages.Drop(Name, step));
        }
        _source?.Add(ColumnPlan.NumberOpFor(step.Op, column, Name));
        return (column, message);
    }

    /// <summary>After ordinal_encode of text: the codes become the numbers later steps learn from (the spill holds value ids).</summary>
    private void StartNumbersFromCodes(List<string> order)
    {
        _numbers = true;
        _missing = _text!.Missing;
        if (collector.Spill is not { } spill)
        {
            return;
        }
        var codes = order.Select((value, code) => (value, code)).ToDictionary(e => e.value, e => (double)e.code, StringComparer.Ordinal);
        var byId = ((TextCollector)collector).Values.Select(value => codes.GetValueOrDefault(value, -1)).ToArray();
        var missingCode = _text.FilledWith is { } fill ? codes[fill] : double.NaN;
        _source = new NumberSource(spill, buffer, lineOf) { Map = id => double.IsNaN(id) ? missingCode : byId[(int)id] };
    }

    private List<string> OneHotNames(List<string> categories, bool missing)
    {
        if (categories.Count + (missing ? 1 : 0) > options.MaxOneHotCategories)
        {
            throw PreprocessDataException.Create($"one_hot would make {categories.Count} columns, more than {options.MaxOneHotCategories}.", Name, null, null,
                $"Encode `{Name}` with ordinal_encode instead, or drop it.");
        }
        return [.. categories.Select(category => $"{Name}_{category}"), .. missing ? [$"{Name}_nan"] : Array.Empty<string>()];
    }

    private static double MostFrequent(Dictionary<double, long> counts) =>
        counts.Count == 0 ? double.NaN : counts.OrderByDescending(e => e.Value).ThenBy(e => e.Key).First().Key;

    private PreprocessDataException NoValues(string op) => PreprocessDataException.Create(
        $"{op} has no value to learn from: every value of the column is missing when it reaches this step.", Name, null, null,
        $"Drop `{Name}`, or impute it with strategy constant first.");
}
