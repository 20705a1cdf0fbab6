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
}
