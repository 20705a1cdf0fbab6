using System.Text.Encodings.Web;
using System.Text.Json;
using MlWorkflow.Engine.Profiling;
using static MlWorkflow.Engine.Alerts.ColumnEvidence;

namespace MlWorkflow.Engine.Alerts;

/// <summary>
/// Alerts about the values themselves: infinities and mixed types from the column's exact per-kind counts
/// (<see cref="ColumnProfile.Infinite"/>, <see cref="ColumnProfile.ValueKinds"/>), and placeholders standing in
/// for missing values from the most frequent values.
/// </summary>
internal static class ValueAlerts
{
    /// <summary>Numbers that people type for "unknown"; counted when at the column's minimum or maximum.</summary>
    public static readonly IReadOnlySet<double> NumericPlaceholders = new HashSet<double> { -1, -9, -99, -999, -9999, 99, 999, 9999, 99999 };

    /// <summary>Words for "unknown", compared ignoring case (exact-case ones in the missing tokens are already missing).</summary>
    public static readonly IReadOnlySet<string> TextPlaceholders = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "unknown", "unk", "?", "n/a", "na", "none", "-", "--", "missing", "null", "nil", "not available", "not applicable", "undefined", "blank", "empty", "0000-00-00", "1900-01-01",
        "-999", "-9999",
    };

    /// <summary>Only quotes, backslashes and control characters escaped: the example is read, and pasted, by a person.</summary>
    private static readonly JsonSerializerOptions s_readableJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void Add(DatasetProfile profile, ColumnProfile column, List<ProfileAlert> alerts)
    {
        var name = Quote(column.Name);
        var present = column.NonMissing(profile);
        // Only number columns: in a string column "INF" is more likely a code (infantry, influenza) than a number.
        if (column.IsNumber() && column.Infinite is > 0 and var infinite)
        {
            alerts.Add(new(AlertTypes.Infinite, column.Name, AlertSeverity.Warning,
                $"{name} holds {infinite} infinite {(infinite == 1 ? "value" : "values")} ({Pct((double)infinite / Math.Max(1, present))} of its values): they are left out of its statistics and break means and scalers; replace them with missing values or clip them."));
        }
        if (MixedTypes(column) is { } message)
        {
            alerts.Add(new(AlertTypes.MixedTypes, column.Name, AlertSeverity.Warning, $"{name} {message}: fix the odd values or count them as missing (the upload's missingTokens field)."));
        }
        if (column.TopValues is not { Count: > 0 } top)
        {
            return;
        }
        var placeholders = top.Where(value => IsPlaceholder(column, value.Value)
            && value.Count >= AlertThresholds.DisguisedMissingMinCount
            && value.Count >= AlertThresholds.DisguisedMissingShare * present).ToList();
        if (placeholders.Count > 0 && column.Type != ColumnType.Constant)
        {
            var hidden = (double)placeholders.Sum(value => value.Count) / Math.Max(1, present);
            alerts.Add(new(AlertTypes.DisguisedMissing, column.Name, AlertSeverity.Warning,
                $"{name} may hide missing values as {Listed(placeholders)} ({Pct(hidden)} of its values): they are counted as values. {CountAsMissing(placeholders)}"));
        }
    }

    /// <summary>
    /// From the per-kind counts: a number, boolean or datetime column with any value of another kind (those
    /// values are left out of its statistics), or a string column where numbers or dates make between
    /// <see cref="AlertThresholds.MixedTypesMinShare"/> and its complement of the values. Null when not mixed.
    /// </summary>
    private static string? MixedTypes(ColumnProfile column)
    {
        if (column.ValueKinds is not { } kinds)
        {
            return null;
        }
        var numbers = kinds.Integer + kinds.Float;
        var total = numbers + kinds.Boolean + kinds.Date + kinds.Text;
        if (total == 0)
        {
            return null;
        }
        var (typed, kind) = column.Type switch
        {
            ColumnType.Numeric or ColumnType.Integer => (numbers, "numbers"),
            ColumnType.Boolean => (kinds.Boolean, "booleans"),
            ColumnType.Datetime => (kinds.Date, "dates"),
            _ => (0L, ""),
        };
        if (kind.Length > 0)
        {
            return typed < total
                ? $"holds {kind}, but {total - typed} of its {total} values are not ({Others(kinds, column.Type)}{Examples(column, kind)}), and are left out of its statistics"
                : null;
        }
        if (!column.IsString())
        {
            return null;
        }
        // Words such as "INF" parse as infinity; in a string column they are words.
        var finite = numbers - (column.Infinite ?? 0);
        var (share, what) = finite >= kinds.Date ? ((double)finite / total, "numbers") : ((double)kinds.Date / total, "dates");
        return share >= AlertThresholds.MixedTypesMinShare && share <= 1 - AlertThresholds.MixedTypesMinShare
            ? $"mixes {what} ({Pct(share)} of its values) with other values{Examples(column, what)}"
            : null;
    }

    private static string Others(ValueKindCounts kinds, ColumnType type)
    {
        var parts = new List<string>();
        void Part(long count, string kind, bool own)
        {
            if (count > 0 && !own)
            {
                parts.Add($"{count} {kind}");
            }
        }
        var number = type is ColumnType.Numeric or ColumnType.Integer;
        Part(kinds.Integer + kinds.Float, "numeric", number);
        Part(kinds.Boolean, "boolean", type == ColumnType.Boolean);
        Part(kinds.Date, "date", type == ColumnType.Datetime);
        Part(kinds.Text, "text", false);
        return string.Join(", ", parts);
    }

    /// <summary>Up to three frequent values that are not <paramref name="kind"/> ("numbers", "booleans" or "dates"), when the top values show any.</summary>
    private static string Examples(ColumnProfile column, string kind)
    {
        var odd = (column.TopValues ?? []).Where(value => !IsKind(value.Value.AsSpan().Trim(), kind)).Take(3).ToList();
        return odd.Count == 0 ? "" : $" such as {Listed(odd)}";
    }

    private static bool IsKind(ReadOnlySpan<char> value, string kind) => kind switch
    {
        "numbers" => NumberParser.TryParse(value, out _, out _),
        "booleans" => BooleanParser.IsBoolean(value),
        _ => DateParser.TryParse(value, out _, out _, out _),
    };

    private static bool IsPlaceholder(ColumnProfile column, string value)
    {
        if (TextPlaceholders.Contains(value.Trim()))
        {
            return true;
        }
        return column.IsNumber() && TryNumber(value, out var number) && NumericPlaceholders.Contains(number)
            && (number == column.Min || number == column.Max);
    }

    /// <summary>How to make the profile count these values as missing: the upload's <c>missingTokens</c> field replaces the default list.</summary>
    private static string CountAsMissing(IEnumerable<TopValue> values)
    {
        var example = JsonSerializer.Serialize(new[] { "", "NA" }.Concat(values.Select(value => value.Value.Trim())).Distinct().ToArray(), s_readableJson);
        return "If they mean \"unknown\", upload the file again with the form field missingTokens, a JSON array of the values to count as "
            + $"missing that replaces the default list, e.g. missingTokens={example}.";
    }

    private static string Listed(IEnumerable<TopValue> values) => string.Join(", ", values.Select(value => $"\"{value.Value}\" ×{value.Count}"));
}
