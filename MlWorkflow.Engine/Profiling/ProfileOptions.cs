namespace MlWorkflow.Engine.Profiling;

/// <summary>Choices that change the numbers of a profile; they are shown to the user with it.</summary>
public sealed record ProfileOptions
{
    // Declared before Default, which reads it: static initializers run in textual order.
    /// <summary>
    /// What pandas' <c>read_csv</c> counts as missing by default (its <c>na_values</c> documentation, pandas 2.x),
    /// so a profile agrees with the notebook a user checks it against. Words such as "none", "?", "-" or "unknown"
    /// are often real categories (a phone: yes/none), so they stay values and raise a disguised_missing alert.
    /// </summary>
    public static IReadOnlyList<string> PandasMissingTokens { get; } =
    [
        "", "#N/A", "#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN", "-NaN", "-nan", "1.#IND", "1.#QNAN",
        "<NA>", "N/A", "NA", "NULL", "NaN", "None", "n/a", "nan", "null",
    ];

    public static ProfileOptions Default { get; } = new();

    /// <summary>
    /// A value is missing when, with leading and trailing white space removed, it equals one of these
    /// exactly (case-sensitive). "" stands for empty and blank fields; remove it to count them as values.
    /// </summary>
    public IReadOnlyList<string> MissingTokens { get; init; } = PandasMissingTokens;

    /// <summary>Distinct values are counted exactly up to this many per column, then estimated (HyperLogLog, about 1% error).</summary>
    public int DistinctCap { get; init; } = 10_000;

    /// <summary>How many of the most frequent values are listed per column.</summary>
    public int TopValues { get; init; } = 10;

    /// <summary>
    /// Distinct rows remembered (as 64-bit hashes, about 16 bytes each) to count duplicate rows exactly;
    /// past this the count is estimated from a hash-selected sample of rows and marked as an estimate.
    /// </summary>
    public int DuplicateRowsCap { get; init; } = 2_000_000;

    /// <summary>
    /// Rows drawn uniformly (seeded reservoir sampling) for the correlations; a file with at most this many
    /// rows is used whole. 10,000 rows put the standard error of a correlation near 0.01.
    /// </summary>
    public int CorrelationSampleRows { get; init; } = 10_000;

    /// <summary>
    /// Accumulate each batch of rows on a second thread while the next batch is read and split, the reading
    /// thread taking the columns the second has not started once it is done, and finish the column summaries
    /// and correlations on all cores (the results are identical either way); false keeps the whole profile on
    /// the calling thread.
    /// </summary>
    public bool UseSecondThread { get; init; } = true;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first bad setting and its allowed range.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(MissingTokens);
        if (MissingTokens.Any(token => token is null || token.Trim().Length != token.Length))
        {
            throw new ArgumentException("Missing tokens must not be null or have leading or trailing white space (values are trimmed before they are compared).", nameof(MissingTokens));
        }
        if (DistinctCap is < 1 or > 1_000_000)
        {
            throw new ArgumentOutOfRangeException(nameof(DistinctCap), DistinctCap, "DistinctCap must be between 1 and 1,000,000.");
        }
        if (TopValues is < 0 or > 1_000)
        {
            throw new ArgumentOutOfRangeException(nameof(TopValues), TopValues, "TopValues must be between 0 and 1,000.");
        }
        if (TopValues > DistinctCap)
        {
            throw new ArgumentOutOfRangeException(nameof(TopValues), TopValues, "TopValues must not exceed DistinctCap.");
        }
        if (CorrelationSampleRows is < 100 or > 1_000_000)
        {
            throw new ArgumentOutOfRangeException(nameof(CorrelationSampleRows), CorrelationSampleRows, "CorrelationSampleRows must be between 100 and 1,000,000.");
        }
        if (DuplicateRowsCap is < 1_024 or > 100_000_000)
        {
            throw new ArgumentOutOfRangeException(nameof(DuplicateRowsCap), DuplicateRowsCap, "DuplicateRowsCap must be between 1,024 and 100,000,000.");
        }
    }
}
