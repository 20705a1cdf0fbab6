using System.Globalization;

namespace MlWorkflow.Web.Services;

/// <summary>Display formatting shared by the pages.</summary>
public static class Format
{
    private static readonly string[] s_units = ["B", "KB", "MB", "GB", "TB"];

    public static string Bytes(long bytes)
    {
        double value = bytes;
        var unit = 0;
        while (value >= 1024 && unit < s_units.Length - 1)
        {
            value /= 1024;
            unit++;
        }
        return unit == 0
            ? $"{bytes.ToString("N0", CultureInfo.InvariantCulture)} B"
            : $"{value.ToString(value < 10 ? "0.0" : "0", CultureInfo.InvariantCulture)} {s_units[unit]}";
    }

    /// <summary>The first 8 hex digits of an id: enough to tell rows apart where no name is known.</summary>
    public static string ShortId(Guid id) => id.ToString("N")[..8];

    public static string Count(long? count) => count?.ToString("N0", CultureInfo.InvariantCulture) ?? "–";

    public static string Date(DateTimeOffset value) => value.ToLocalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    /// <summary>A short human duration: 850 ms, 4.2 s, 3 min 05 s, 2 h 10 min; a dash when unknown.</summary>
    public static string Duration(TimeSpan? value) => value switch
    {
        null => "–",
        { } d when d < TimeSpan.Zero => "0 ms",
        { TotalSeconds: < 1 } d => $"{d.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture)} ms",
        { TotalMinutes: < 1 } d => $"{d.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s",
        { TotalHours: < 1 } d => $"{(int)d.TotalMinutes} min {d.Seconds:00} s",
        { } d => $"{(int)d.TotalHours} h {d.Minutes:00} min",
    };

    public static string DateTime(DateTimeOffset? value) =>
        value?.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? "–";

    /// <summary>A statistic: up to 4 decimals, scientific when very large or small.</summary>
    public static string Number(double? value) => value switch
    {
        null => "–",
        { } v when double.IsNaN(v) || double.IsInfinity(v) => v.ToString(CultureInfo.InvariantCulture),
        { } v when v != 0 && (Math.Abs(v) >= 1e9 || Math.Abs(v) < 1e-4) => v.ToString("0.###E+0", CultureInfo.InvariantCulture),
        { } v => v.ToString("0.####", CultureInfo.InvariantCulture),
    };

    /// <summary>A JSON scalar from the Api (a profile's min/max or top value): numbers formatted, strings as they are.</summary>
    public static string Value(System.Text.Json.JsonElement? value) => value switch
    {
        null => "–",
        { ValueKind: System.Text.Json.JsonValueKind.Number } v => Number(v.GetDouble()),
        { ValueKind: System.Text.Json.JsonValueKind.String } v => v.GetString() is { Length: > 0 } text ? text : "(empty)",
        { ValueKind: System.Text.Json.JsonValueKind.Null or System.Text.Json.JsonValueKind.Undefined } => "–",
        { } v => v.GetRawText(),
    };

    public static string Percent(double fraction) => fraction.ToString("0.#%", CultureInfo.InvariantCulture);
}
