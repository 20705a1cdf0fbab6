namespace MlWorkflow.Engine.Preprocessing;

/// <param name="TempDirectory">Where the column spills go while fitting (an existing folder); they are deleted when the run ends.</param>
public sealed record PreprocessOptions(string TempDirectory)
{
    public const int DefaultMaxOneHotCategories = 1_000;

    /// <summary>A one_hot column with more categories than this fails the run: so many columns suit ordinal_encode better.</summary>
    public int MaxOneHotCategories { get; init; } = DefaultMaxOneHotCategories;
}

/// <param name="Fitted">What was learned, to apply the same steps at predict time.</param>
/// <param name="RowsIn">Data rows read.</param>
/// <param name="RowsOut">Data rows written (row filters removed the others).</param>
/// <param name="Columns">The output's header.</param>
public sealed record PreprocessResult(FittedPipeline Fitted, long RowsIn, long RowsOut, IReadOnlyList<string> Columns);

/// <summary>
/// A step cannot run on the data (a value below −1 for log1p, a word in a number column, a column with no value to
/// compute a statistic from…). The message names the column, the line and the value; <see cref="Fix"/> says what to change.
/// </summary>
public sealed class PreprocessDataException(string message, string column, long? line, string? value, string fix) : Exception(message)
{
    public string Column { get; } = column;

    /// <summary>The 1-based physical line of the file, when one line is at fault.</summary>
    public long? Line { get; } = line;

    public string? Value { get; } = value;

    public string Fix { get; } = fix;

    /// <summary>What is wrong, without the column, line and value the message starts with.</summary>
    internal string Problem { get; private init; } = message;

    /// <summary>Row index among the rows kept by the row filters, while the line is not known yet.</summary>
    internal long? Row { get; private init; }

    internal static PreprocessDataException Create(string problem, string column, long? line, string? value, string fix, long? row = null)
    {
        var at = line is null ? "" : $" on line {line}";
        var shown = value is null ? "" : $" (value \"{(value.Length <= 100 ? value : value[..100] + "…")}\")";
        return new PreprocessDataException($"`{column}`{at}{shown}: {problem}", column, line, value, fix) { Problem = problem, Row = row };
    }

    /// <summary>The same problem, located at a line.</summary>
    internal PreprocessDataException AtLine(long line) => Line is not null ? this : Create(Problem, Column, line, Value, Fix);

    /// <summary>The same problem, located at a kept row whose line is looked up later.</summary>
    internal PreprocessDataException AtRow(long row) => Line is not null || Row is not null ? this : Create(Problem, Column, null, Value, Fix, row);
}
