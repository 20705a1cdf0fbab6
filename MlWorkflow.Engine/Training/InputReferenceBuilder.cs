using MlWorkflow.Engine.Profiling;

namespace MlWorkflow.Engine.Training;

/// <summary>
/// Builds a <see cref="ReferenceSummary"/> of raw input columns from cells as a file is read: numbers and booleans parse
/// as the model's encoder reads them (an unreadable one is missing), categories count as trimmed text. Memory is bounded
/// per column (<see cref="NumberSketch.SampleSize"/> values, <see cref="CategoryTally.MaxTracked"/> distinct categories).
/// </summary>
internal sealed class InputReferenceBuilder
{
    private readonly MissingTokenMatcher _missing;
    private readonly IReadOnlyList<string> _missingTokens;
    private readonly (string Name, string Kind)[] _columns;
    private readonly NumberSketch?[] _numbers;
    private readonly CategoryTally?[] _categories;
    private long _rows;

    /// <param name="columns">The columns to summarise, by name and kind (<see cref="FeatureSpec"/>'s).</param>
    /// <param name="missingTokens">The cells that count as missing.</param>
    public InputReferenceBuilder(IReadOnlyList<(string Name, string Kind)> columns, IReadOnlyList<string> missingTokens)
    {
        _columns = [.. columns];
        _missingTokens = missingTokens;
        _missing = new MissingTokenMatcher(missingTokens);
        _numbers = [.. _columns.Select(c => c.Kind == FeatureSpec.Number ? new NumberSketch() : null)];
        _categories = [.. _columns.Select(c => c.Kind == FeatureSpec.Number ? null : new CategoryTally())];
    }

    public void EndRow() => _rows++;

    /// <summary>Adds column <paramref name="column"/>'s cell of the current row (untrimmed).</summary>
    public void Add(int column, ReadOnlySpan<char> raw)
    {
        var cell = raw.Trim();
        if (_numbers[column] is { } number)
        {
            number.Add(InputCells.IsMissing(cell, _missing) ? double.NaN : InputCells.Number(cell));
            return;
        }
        var tally = _categories[column]!;
        if (InputCells.IsMissing(cell, _missing))
        {
            tally.Missing++;
        }
        else if (_columns[column].Kind == FeatureSpec.Boolean)
        {
            if (InputCells.Boolean(cell) is { } boolean)
            {
                tally.Add(boolean);
            }
            else
            {
                tally.Missing++;
            }
        }
        else
        {
            tally.Add(cell);
        }
    }

    public ReferenceSummary Build() => new(_rows,
        [.. _columns.Select((c, i) => _numbers[i]?.Build(c.Name) ?? _categories[i]!.Build(c.Name, c.Kind))], null, [.. _missingTokens]);
}
