using MlWorkflow.Engine.Profiling;
using MlWorkflow.Engine.Training;

namespace MlWorkflow.Engine.Drift;

/// <summary>
/// A window of logged rows, accumulated one at a time without keeping them: per reference column the missing and invalid
/// counts, counts on the reference's bins or categories, and for numbers a uniform sample of at most
/// <see cref="MaxValuesPerColumn"/> values (all of them in smaller windows) for the Wasserstein distance; the same for the
/// predictions. Not thread-safe. <see cref="DriftCalculator.Compute(DriftWindow, DriftSettings)"/> reads it.
/// </summary>
public sealed class DriftWindow
{
    public const int MaxValuesPerColumn = NumberSketch.SampleSize;

    private readonly ColumnWindow[] _columns;

    public DriftWindow(ReferenceSummary reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        Reference = reference;
        var missing = new MissingTokenMatcher(reference.MissingTokens ?? []);
        _columns = [.. reference.Features.Select(f => new ColumnWindow(f, missing))];
        Prediction = reference.Prediction is { } prediction ? new ColumnWindow(prediction, missing) : null;
    }

    public ReferenceSummary Reference { get; }

    public long Rows { get; private set; }

    internal IReadOnlyList<ColumnWindow> Columns => _columns;

    internal ColumnWindow? Prediction { get; }

    public void Add(LoggedRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        Add(row.Inputs, row.Prediction);
    }

    public void Add(IReadOnlyDictionary<string, string?> inputs, ModelPrediction? prediction)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        Rows++;
        foreach (var column in _columns)
        {
            column.Add(inputs.TryGetValue(column.Reference.Name, out var value) ? value : null);
        }
        if (Prediction is { } predicted)
        {
            if (predicted.Reference.Kind == FeatureSpec.Number)
            {
                predicted.AddNumber(prediction?.Value ?? double.NaN);
            }
            else
            {
                predicted.Add(prediction?.Label);
            }
        }
    }
}

/// <summary>What a window holds of one column; see <see cref="DriftWindow"/>.</summary>
internal sealed class ColumnWindow
{
    public const int MaxInvalidExamples = 5;

    private readonly MissingTokenMatcher _missing;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _slots;
    private readonly long[] _counts;
    private readonly ValueSample? _values;
    private readonly List<string> _invalidExamples = [];
    private double _mean;

    public ColumnWindow(FeatureReference reference, MissingTokenMatcher missing)
    {
        Reference = reference;
        _missing = missing;
        var categories = reference.Category?.Categories ?? [];
        _slots = categories.Select((c, i) => (c, i)).ToDictionary(e => e.c, e => e.i, StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
        // Numbers: one count per reference bin. Categories: one per category, then "other" (a value the reference did not keep).
        _counts = new long[reference.Number is { } number ? Math.Max(1, number.Edges.Count - 1) : categories.Count + 1];
        _values = reference.Kind == FeatureSpec.Number ? new ValueSample(DriftWindow.MaxValuesPerColumn) : null;
    }

    public FeatureReference Reference { get; }

    public long Rows { get; private set; }

    public long Missing { get; private set; }

    /// <summary>Cells that are not missing but do not read as the column's kind (a word in a number column).</summary>
    public long Invalid { get; private set; }

    /// <summary>Values read (neither missing nor invalid).</summary>
    public long Valid => Rows - Missing - Invalid;

    public IReadOnlyList<string> InvalidExamples => _invalidExamples;

    /// <summary>Counts per reference bin or category (the last slot of categories is "other").</summary>
    public ReadOnlySpan<long> Counts => _counts;

    /// <summary>Numbers: the values read, all or a uniform sample; unsorted.</summary>
    public List<double>? Values => _values?.Values;

    public double? Mean => _values is not null && Valid > 0 ? _mean : null;

    public void Add(string? raw)
    {
        var cell = raw.AsSpan().Trim();
        if (raw is null || InputCells.IsMissing(cell, _missing))
        {
            Rows++;
            Missing++;
            return;
        }
        switch (Reference.Kind)
        {
            case FeatureSpec.Number:
                var value = InputCells.Number(cell);
                if (double.IsNaN(value))
                {
                    Rows++;
                    AddInvalid(cell);
                    return;
                }
                AddNumber(value);
                return;
            case FeatureSpec.Boolean:
                if (InputCells.Boolean(cell) is not { } boolean)
                {
                    Rows++;
                    AddInvalid(cell);
                    return;
                }
                AddCategory(boolean);
                return;
            default:
                AddCategory(cell);
                return;
        }
    }

    /// <summary>A number already read; NaN is missing.</summary>
    public void AddNumber(double value)
    {
        Rows++;
        if (!double.IsFinite(value))
        {
            Missing++;
            return;
        }
        _values!.Add(value);
        _mean += (value - _mean) / _values.Seen;
        if (Reference.Number is { } number)
        {
            _counts[NumberSketch.BinOf(number.Edges, value)]++;
        }
    }

    private void AddCategory(ReadOnlySpan<char> value)
    {
        Rows++;
        _counts[_slots.TryGetValue(value, out var slot) ? slot : _counts.Length - 1]++;
    }

    private void AddInvalid(ReadOnlySpan<char> cell)
    {
        Invalid++;
        if (_invalidExamples.Count < MaxInvalidExamples)
        {
            var example = cell.Length <= 40 ? cell.ToString() : string.Concat(cell[..40], "…");
            if (!_invalidExamples.Contains(example))
            {
                _invalidExamples.Add(example);
            }
        }
    }
}
