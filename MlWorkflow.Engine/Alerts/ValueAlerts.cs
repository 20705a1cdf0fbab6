using MlWorkflow.Engine.Profiling;
using static MlWorkflow.Engine.Alerts.ColumnEvidence;

namespace MlWorkflow.Engine.Alerts;

/// <summary>
/// Alerts read from the most frequent values: infinities, placeholders standing in for missing values, and
/// numbers mixed with words. The profile lists only the top values (no per-kind or infinity counts yet), so
/// these see what is frequent, not every odd value.
/// </summary>
internal static class ValueAlerts
{
    /// <summary>Numbers that people type for "unknown"; counted when at the column's minimum or maximum.</summary>
    public static readonly IReadOnlySet<double> NumericPlaceholders = new HashSet<double> { -1, -9, -99, -999, -9999, 99, 999, 9999, 99999 };

    /// <summary>Words for "unknown", compared ignoring case (exact-case ones in the missing tokens are already missing).</summary>
    public static readonly IReadOnlySet<string> TextPlaceholders = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "unknown", "unk", "?", "n/a", "na", "none", "-", "--", "missing", "null", "nil", "not available", "not applicable", "undefined", "blank", "empty", "0000-00-00", "1900-01-01",
    };

    public static void Add(DatasetProfile profile, ColumnProfile column, List<ProfileAlert> alerts)
    {
        if (column.TopValues is not { Count: > 0 } top)
        {
            return;
        }
        var name = Quote(column.Name);
        var present = column.NonMissing(profile);
        var infinite = top.Where(value => TryNumber(value.Value, out var number) && double.IsInfinity(number)).ToList();
        if (infinite.Count > 0)
        {
            alerts.Add(new(AlertTypes.Infinite, column.Name, AlertSeverity.Warning,
                $"{name} holds infinite values ({Listed(infinite)}): they break means and scalers; replace them with missing values or clip them."));
        }
        var placeholders = top.Where(value => IsPlaceholder(column, value.Value)
            && value.Count >= AlertThresholds.DisguisedMissingMinCount
            && value.Count >= AlertThresholds.DisguisedMissingShare * present).ToList();
        if (placeholders.Count > 0 && column.Type != ColumnType.Constant)
        {
            var hidden = (double)placeholders.Sum(value => value.Count) / Math.Max(1, present);
            alerts.Add(new(AlertTypes.DisguisedMissing, column.Name, AlertSeverity.Warning,
                $"{name} may hide missing values as {Listed(placeholders)} ({Pct(hidden)} of its values): if they mean \"unknown\", add them to the missing tokens."));
        }
        var listed = top.Sum(value => value.Count);
        var numbers = top.Where(value => TryNumber(value.Value, out _)).Sum(value => value.Count);
        var share = listed == 0 ? 0 : (double)numbers / listed;
        var mixed = column.IsString()
            ? share >= AlertThresholds.MixedTypesMinShare && share <= 1 - AlertThresholds.MixedTypesMinShare
            : column.IsNumber() && numbers < listed;
        if (mixed)
        {
            var words = top.Where(value => !TryNumber(value.Value, out _)).Take(3).ToList();
            alerts.Add(new(AlertTypes.MixedTypes, column.Name, AlertSeverity.Warning,
                $"{name} mixes numbers ({Pct(share)} of its frequent values) with other values such as {Listed(words)}: fix the odd values or declare them missing."));
        }
    }

    private static bool IsPlaceholder(ColumnProfile column, string value)
    {
        if (TextPlaceholders.Contains(value.Trim()))
        {
            return true;
        }
        return column.IsNumber() && TryNumber(value, out var number) && NumericPlaceholders.Contains(number)
            && (number == column.Min || number == column.Max);
    }

    private static string Listed(IEnumerable<TopValue> values) => string.Join(", ", values.Select(value => $"\"{value.Value}\" ×{value.Count}"));
}
