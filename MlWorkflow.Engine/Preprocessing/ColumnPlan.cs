using System.Runtime.CompilerServices;
using MlWorkflow.Engine.Profiling;
using MlWorkflow.Engine.Suggestions;

namespace MlWorkflow.Engine.Preprocessing;

/// <summary>
/// Writes one input column's output cells from its fitted steps. Values are text until they become numbers (a number
/// column as soon as a step touches it, a text column at ordinal_encode); one_hot, date_parts and drop_columns end the
/// chain. A column no step touches is written verbatim (a missing value as an empty field).
/// </summary>
internal sealed class ColumnPlan
{
    private enum End { Verbatim, Text, Number, OneHotText, OneHotNumber, DateParts, Dropped }

    private readonly MissingTokenMatcher _missing;
    private readonly NumberReader? _reader;
    private readonly string? _textFill;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>>? _textCodes;
    private readonly List<NumberOp> _ops = [];
    private readonly End _end;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>>? _textSlots;
    private readonly Dictionary<double, int>? _numberSlots;
    private readonly int _width;
    private readonly int _missingSlot = -1;
    private readonly string[] _parts = [];

    public ColumnPlan(string name, bool isNumber, MissingTokenMatcher missing, IReadOnlyList<(string Op, FittedColumn Fitted)> steps)
    {
        _missing = missing;
        Outputs = [name];
        var numbers = isNumber;
        // text_features leaves the text for training: a column with only that is written verbatim.
        steps = [.. steps.Where(step => step.Op != PipelineOps.TextFeatures)];
        _end = steps.Count == 0 ? End.Verbatim : numbers ? End.Number : End.Text;
        if (numbers && steps.Count > 0 && steps[0].Op != PipelineOps.DropColumns)
        {
            var also = steps[0].Fitted.AlsoMissing ?? [];
            _reader = new NumberReader(name, also.Contains(ImputeParams.NonNumeric), also.Contains(ImputeParams.Infinite),
                steps[0].Op is PipelineOps.OneHot or PipelineOps.OrdinalEncode);
        }
        foreach (var (op, fitted) in steps)
        {
            switch (op)
            {
                case PipelineOps.DropColumns:
                    (_end, Outputs) = (End.Dropped, []);
                    return;

                case PipelineOps.Impute when !numbers:
                    _textFill ??= fitted.FillText;
                    break;
                case PipelineOps.OrdinalEncode when !numbers:
                    _textCodes = Slots(fitted.Categories!);
                    (numbers, _end) = (true, End.Number);
                    break;
                case PipelineOps.OneHot:
                    Outputs = fitted.Outputs!;
                    _width = Outputs.Count;
                    _missingSlot = fitted.MissingCategory == true ? _width - 1 : -1;
                    if (numbers)
                    {
                        _end = End.OneHotNumber;
                        _numberSlots = fitted.NumberCategories!.Select((value, i) => (value, i)).ToDictionary(e => e.value, e => e.i);
                    }
                    else
                    {
                        _end = End.OneHotText;
                        _textSlots = Slots(fitted.Categories!);
                    }
                    return;
                case PipelineOps.DateParts:
                    (_end, Outputs, _parts) = (End.DateParts, fitted.Outputs!, [.. fitted.Parts!]);
                    return;
                default:
                    _ops.Add(NumberOpFor(op, fitted, name));
                    break;
            }
        }
    }

    /// <summary>The output columns this input column becomes (none when dropped).</summary>
    public IReadOnlyList<string> Outputs { get; }

    /// <summary>The number step a fitted column stands for; fitting runs later steps' statistics through the same objects' math.</summary>
    public static NumberOp NumberOpFor(string op, FittedColumn fitted, string name) => op switch
    {
        PipelineOps.Impute => new FillOp(fitted.FillNumber!.Value),
        PipelineOps.StandardScale or PipelineOps.RobustScale => new CenterScaleOp(fitted.Center!.Value, fitted.Scale!.Value),
        PipelineOps.MinMaxScale => new MinMaxOp(fitted.Min!.Value, fitted.Max!.Value),
        PipelineOps.ClipOutliers => new ClipOp(fitted.Lower!.Value, fitted.Upper!.Value),
        PipelineOps.LogTransform => new Log1pOp(name),
        PipelineOps.OrdinalEncode => new NumberCodeOp(fitted.NumberCategories!),
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, "Not a step on numbers."),
    };

    private static Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> Slots(IReadOnlyList<string> categories) =>
        categories.Select((value, i) => (value, i)).ToDictionary(e => e.value, e => e.i, StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();

    /// <param name="raw">The value as read.</param>
    /// <param name="output">Receives the cells.</param>
    /// <param name="absent">The value is missing whatever its text (a predict row without the column).</param>
    /// <exception cref="PreprocessDataException">A step fails on the value (the caller adds the line).</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Write(ReadOnlySpan<char> raw, ICellWriter output, bool absent = false)
    {
        if (_end == End.Dropped)
        {
            return;
        }
        var value = raw.Trim();
        var missing = absent || _missing.IsMissing(value);
        double x;
        if (_reader is not null)
        {
            x = missing ? double.NaN : _reader.Read(value);
        }
        else
        {
            if (missing && _textFill is not null)
            {
                raw = _textFill;
                value = _textFill;
                missing = false;
            }
            switch (_end)
            {
                case End.Verbatim or End.Text:
                    if (missing)
                    {
                        output.Missing();
                    }
                    else
                    {
                        output.Text(raw);
                    }
                    return;
                case End.OneHotText:
                    OneHot(missing ? _missingSlot : _textSlots!.Value.TryGetValue(value, out var slot) ? slot : -1, output);
                    return;
                case End.DateParts:
                    DatePartsWriter.Write(value, missing, _parts, output);
                    return;
            }
            x = missing ? double.NaN : _textCodes!.Value.TryGetValue(value, out var code) ? code : -1;
        }
        foreach (var op in _ops)
        {
            x = op.Apply(x);
        }
        if (_end == End.OneHotNumber)
        {
            OneHot(double.IsNaN(x) ? _missingSlot : _numberSlots!.TryGetValue(x, out var slot) ? slot : -1, output);
        }
        else if (double.IsNaN(x))
        {
            output.Missing();
        }
        else
        {
            output.Number(x);
        }
    }

    private void OneHot(int slot, ICellWriter output)
    {
        for (var i = 0; i < _width; i++)
        {
            output.Integer(i == slot ? 1 : 0);
        }
    }
}
