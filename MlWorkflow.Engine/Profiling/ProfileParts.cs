namespace MlWorkflow.Engine.Profiling;

public sealed record TopValue(string Value, long Count);

public sealed record QuantileSummary(double P01, double P05, double P25, double P50, double P75, double P95, double P99);

public sealed record Histogram(IReadOnlyList<double> Edges, IReadOnlyList<long> Counts);

public sealed record CorrelationMatrix(string Method, IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<double?>> Matrix);

/// <summary>A column that could be the target: <c>Task</c> is "binary", "multiclass" or "regression"; <c>Confidence</c> in [0, 1].</summary>
public sealed record TargetCandidate(string Column, string Task, double Confidence, string Rationale);

/// <summary>A data-quality finding; <c>Severity</c> is "info", "warning" or "error".</summary>
public sealed record ProfileAlert(string Type, string? Column, string Severity, string Message);

/// <summary>
/// How the non-missing values of a column parsed, tried in this order: <c>Integer</c> (sign and digits),
/// <c>Float</c> (any other number, "inf" and "Infinity" included), <c>Boolean</c> (true/false, yes/no, t/f, y/n),
/// <c>Date</c> (year-first dates and date-times), <c>Text</c> (anything else). They sum to the non-missing count.
/// </summary>
public sealed record ValueKindCounts(long Integer, long Float, long Boolean, long Date, long Text);

/// <summary>
/// A datetime column's histogram: <c>Edges</c> are ISO 8601 instants formatted like <see cref="ColumnProfile.MinDate"/>
/// but always with a time of day ("yyyy-MM-ddTHH:mm:ss[.fffffff]", "Z" when values carried an offset), one more than <c>Counts</c>.
/// </summary>
public sealed record DateHistogram(IReadOnlyList<string> Edges, IReadOnlyList<long> Counts);

/// <summary>
/// Which calendar parts of a datetime column's values take more than one value. The lists hold the values
/// seen, ascending: months 1–12, days of the month 1–31, weekdays 0–6 (0 = Sunday), hours 0–23, minutes and
/// seconds 0–59 (null when no value has a time of day). <c>Varying</c> names the parts with more than one value,
/// in the order "year", "month", "day", "weekday", "hour", "minute", "second".
/// </summary>
public sealed record DateParts(
    int MinYear,
    int MaxYear,
    IReadOnlyList<int> Months,
    IReadOnlyList<int> Days,
    IReadOnlyList<int> Weekdays,
    IReadOnlyList<int>? Hours,
    IReadOnlyList<int>? Minutes,
    IReadOnlyList<int>? Seconds,
    IReadOnlyList<string> Varying);
