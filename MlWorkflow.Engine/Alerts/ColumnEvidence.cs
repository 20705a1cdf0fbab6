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

    public static string Pct(double share) => (100 * share).ToString(share < 0.001 ? "0.00" : "0.#", CultureInfo.InvariantCulture) + "%";

    public static string Num(double value) => value.ToString(Math.Abs(value) >= 100 ? "0.#" : "0.##", CultureInfo.InvariantCulture);

    public static string Rows(long count) => count == 1 ? "1 row" : $"{count} rows";

    public static string Quote(string column) => $"`{column}`";
}
