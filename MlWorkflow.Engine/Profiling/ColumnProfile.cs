namespace MlWorkflow.Engine.Profiling;

/// <summary>
/// The profile of one column (the API's "Column" shape, see /openapi/v1.json). Statistics that do not apply to the
/// column's type are null. Values are compared and parsed with leading and trailing white space removed.
/// </summary>
public sealed record ColumnProfile
{
    public required string Name { get; init; }

    public required ColumnType Type { get; init; }

    public required long Missing { get; init; }

    /// <summary>Percentage of rows (0–100) where the value is missing.</summary>
    public required double MissingPct { get; init; }

    /// <summary>Distinct non-missing values, compared as text ("1.0" and "1" are two); exact unless <see cref="DistinctIsEstimate"/>.</summary>
    public required long Distinct { get; init; }

    /// <summary>True when more than <see cref="ProfileOptions.DistinctCap"/> distinct values were seen: <see cref="Distinct"/> is then a HyperLogLog estimate.</summary>
    public required bool DistinctIsEstimate { get; init; }

    /// <summary>Smallest number, for numeric and integer columns (values that do not parse as numbers are left out).</summary>
    public double? Min { get; init; }

    /// <summary>Largest number, for numeric and integer columns.</summary>
    public double? Max { get; init; }

    /// <summary>
    /// Earliest value of a datetime column, ISO 8601: "yyyy-MM-dd" when no value has a time of day, else
    /// "yyyy-MM-ddTHH:mm:ss[.fffffff]", with "Z" when values carried a UTC offset (they are then converted to UTC).
    /// </summary>
    public string? MinDate { get; init; }

    /// <summary>Latest value of a datetime column, formatted like <see cref="MinDate"/>.</summary>
    public string? MaxDate { get; init; }

    /// <summary>Mean of the finite numbers, for numeric and integer columns.</summary>
    public double? Mean { get; init; }

    /// <summary>Sample standard deviation (n − 1) of the finite numbers; null below two numbers.</summary>
    public double? Std { get; init; }

    /// <summary>
    /// p01…p99 of the finite numbers, for numeric and integer columns, from a KLL sketch (k = 400): each
    /// answer is a value of the column whose rank is within ±1% of the row count of the exact quantile's
    /// (with high probability); exact while the column has fewer than 400 numbers. Lower quantiles (no interpolation).
    /// </summary>
    public QuantileSummary? Quantiles { get; init; }

    /// <summary>Sample skewness (adjusted Fisher-Pearson, as pandas' <c>skew()</c>) of the finite numbers; null below three numbers, 0 when all are equal.</summary>
    public double? Skewness { get; init; }

    /// <summary>Values equal to zero, for numeric and integer columns.</summary>
    public long? Zeros { get; init; }

    /// <summary>
    /// Histogram of the finite numbers, for numeric and integer columns: 30 equal-width bins over [min, max]
    /// (integer columns spanning at most 50 values: one bin per value, edges at ±0.5); bins are [left, right),
    /// the last one closed. Counts sum to the count of finite numbers exactly; each count is exact below 400
    /// numbers and otherwise within ±2% of that count (read off the same sketch as <see cref="Quantiles"/>).
    /// </summary>
    public Histogram? Histogram { get; init; }

    /// <summary>
    /// The most frequent values, most frequent first (ties in ordinal order of the value); null for identifiers.
    /// Exact while <see cref="DistinctIsEstimate"/> is false; beyond the cap only values seen before it
    /// keep being counted, so the list is approximate. Values longer than 200 characters are shortened with "…".
    /// </summary>
    public IReadOnlyList<TopValue>? TopValues { get; init; }

    /// <summary>Shortest value in Unicode characters, for string columns (categorical, text, string identifiers and constants).</summary>
    public int? MinLength { get; init; }

    /// <summary>Longest value in Unicode characters, for string columns.</summary>
    public int? MaxLength { get; init; }

    /// <summary>
    /// Values that parsed as +∞ or −∞ ("inf", "-Infinity", any case), whatever the column's type; they count as
    /// floats in <see cref="ValueKinds"/> and are left out of every numeric statistic. Null in profiles made before it existed.
    /// </summary>
    public long? Infinite { get; init; }

    /// <summary>How many non-missing values parsed as each kind, whatever the type the column was given; null in older profiles.</summary>
    public ValueKindCounts? ValueKinds { get; init; }

    /// <summary>For datetime columns: 30 equal-width bins over [<see cref="MinDate"/>, <see cref="MaxDate"/>] of the values that parse as dates, edges as ISO strings (see <see cref="DateHistogram"/>).</summary>
    public DateHistogram? DateHistogram { get; init; }

    /// <summary>For datetime columns: the calendar parts (year, month, day, weekday, hour, minute, second) the values take, and which of them vary.</summary>
    public DateParts? DateParts { get; init; }
}
