using System.Globalization;
using MlWorkflow.Engine.Profiling;

namespace MlWorkflow.Engine.Alerts;

/// <summary>Facts derived from a column profile that alerts, target detection and suggestions share.</summary>
internal static class ColumnEvidence
{
    /// <summary>Bowley's quartile skewness is about a fifth of the moment skewness for the usual skewed shapes (lognormal, gamma).</summary>
    private const double QuartileToMomentSkewness = 5.0;

    public static long NonMissing(this ColumnProfile column, DatasetProfile profile) => Math.Max(0, profile.RowCount - column.Missing);

    public static bool IsNumber(this ColumnProfile column) => column.Type is ColumnType.Numeric or ColumnType.Integer;

    public static bool IsString(this ColumnProfile column) => column.Type is ColumnType.Categorical or ColumnType.Text;

    /// <summary>The moment skewness when profiled; else estimated from the quartiles (Bowley) when present; else null.</summary>
    public static double? SkewnessEstimate(this ColumnProfile column)
    {
        if (column.Skewness is { } skewness && double.IsFinite(skewness))
        {
            return skewness;
        }
        if (column.Quantiles is { } q && q.P75 > q.P25)
        {
            return QuartileToMomentSkewness * (q.P75 + q.P25 - 2 * q.P50) / (q.P75 - q.P25);
        }
        return null;
    }

    /// <summary>True when the top values list every non-missing value, so shares computed from it are exact.</summary>
    public static bool TopValuesComplete(this ColumnProfile column, DatasetProfile profile) =>
        column.TopValues is { Count: > 0 } top && !column.DistinctIsEstimate && top.Count == column.Distinct
        && top.Sum(value => value.Count) == column.NonMissing(profile);

    /// <summary>Parses a number as the profiler does, including "inf", "Infinity" and "∞" with an optional sign, in any case.</summary>
    public static bool TryNumber(string value, out double number)
    {
        var text = value.Trim();
        var body = text.TrimStart('+', '-');
        if (text.Length - body.Length <= 1
            && (body.Equals("inf", StringComparison.OrdinalIgnoreCase) || body.Equals("infinity", StringComparison.OrdinalIgnoreCase) || body == "∞"))
        {
            number = text.StartsWith('-') ? double.NegativeInfinity : double.PositiveInfinity;
            return true;
        }
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out number);
    }

    /// <summary>
    /// The parts worth extracting from a datetime column ("year", "month", "day", "day_of_week", "hour", "minute"):
    /// those that vary. The weekday only when the day of the month varies too (with the day fixed it follows from
    /// the year and month). Profiles without <see cref="ColumnProfile.DateParts"/> get year to weekday, plus the
    /// hour when values have a time.
    /// </summary>
    public static IReadOnlyList<string> UsefulDateParts(this ColumnProfile column)
    {
        if (column.DateParts is not { } parts)
        {
            return column.MinDate?.Contains('T', StringComparison.Ordinal) == true
                ? ["year", "month", "day", "day_of_week", "hour"]
                : ["year", "month", "day", "day_of_week"];
        }
        var varying = parts.Varying;
        var useful = new List<string>();
        void Use(string part, bool when)
        {
            if (when)
            {
                useful.Add(part);
            }
        }
        Use("year", varying.Contains("year"));
        Use("month", varying.Contains("month"));
        Use("day", varying.Contains("day"));
        Use("day_of_week", varying.Contains("day") && varying.Contains("weekday"));
        Use("hour", varying.Contains("hour"));
        Use("minute", varying.Contains("minute"));
        return useful;
    }

    /// <summary>"only the year varies (month 1 and day 1 throughout)", "the year, month and day vary", … from <see cref="ColumnProfile.DateParts"/>; "" without them.</summary>
    public static string DatePartsEvidence(this ColumnProfile column)
    {
        if (column.DateParts is not { } parts)
        {
            return "";
        }
        var useful = column.UsefulDateParts().Select(part => part.Replace('_', ' ')).ToList();
        var fixedParts = new List<string>();
        if (parts.Months is [var month])
        {
            fixedParts.Add($"month {month}");
        }
        if (parts.Days is [var day])
        {
            fixedParts.Add($"day {day}");
        }
        if (parts.Hours is [var hour] && parts.Minutes is [var minute])
        {
            fixedParts.Add($"time {hour:00}:{minute:00}");
        }
        var fixedText = fixedParts.Count == 0 ? "" : $" ({string.Join(", ", fixedParts)} throughout)";
        return useful.Count switch
        {
            0 => $"no calendar part varies{fixedText}",
            1 => $"only the {useful[0]} varies{fixedText}",
            _ => $"the {string.Join(", ", useful.Take(useful.Count - 1))} and {useful[^1]} vary{fixedText}",
        };
    }

    public static string Pct(double share) => (100 * share).ToString(share < 0.001 ? "0.00" : "0.#", CultureInfo.InvariantCulture) + "%";

    public static string Num(double value) => value.ToString(Math.Abs(value) >= 100 ? "0.#" : "0.##", CultureInfo.InvariantCulture);

    public static string Rows(long count) => count == 1 ? "1 row" : $"{count} rows";

    public static string Quote(string column) => $"`{column}`";
}
