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
}
