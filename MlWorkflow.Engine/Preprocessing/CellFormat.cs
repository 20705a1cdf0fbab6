using System.Globalization;

namespace MlWorkflow.Engine.Preprocessing;

/// <summary>How numbers are written: the output's cells, and one_hot column names as pandas prints the categories.</summary>
internal static class CellFormat
{
    /// <summary>Room for any double in the shortest round-trip form.</summary>
    public const int MaxNumberChars = 32;

    /// <summary>Shortest text that reads back as the same double ("3", "0.1", "1E+20"); infinities as "inf" and "-inf".</summary>
    public static int Number(double value, Span<char> destination)
    {
        if (double.IsInfinity(value))
        {
            var text = value > 0 ? "inf" : "-inf";
            text.CopyTo(destination);
            return text.Length;
        }
        value.TryFormat(destination, out var written, "R", CultureInfo.InvariantCulture);
        return written;
    }

    public static string Number(double value)
    {
        Span<char> buffer = stackalloc char[MaxNumberChars];
        return new string(buffer[..Number(value, buffer)]);
    }

    /// <summary>Python's <c>repr(float)</c>: "8.0", "0.1", "1e-05", "1e+16", "inf", "nan".</summary>
    public static string PythonFloat(double value)
    {
        if (double.IsNaN(value))
        {
            return "nan";
        }
        if (double.IsInfinity(value))
        {
            return value > 0 ? "inf" : "-inf";
        }
        // "R" gives the shortest round-trip digits ("123.45", "0.00012", "1.5E-05"); Python places the point by the same digits.
        var shortest = value.ToString("R", CultureInfo.InvariantCulture);
        var negative = shortest.StartsWith('-');
        var parts = shortest.TrimStart('-').Split('E');
        var mantissa = parts[0];
        var dot = mantissa.IndexOf('.');
        var whole = dot < 0 ? mantissa : mantissa[..dot];
        var all = mantissa.Replace(".", "", StringComparison.Ordinal);
        var digits = all.TrimStart('0').TrimEnd('0');
        int point;
        if (digits.Length == 0)
        {
            digits = "0";
            point = 1;
        }
        else
        {
            // Position of the point after the first significant digit's place.
            point = whole.Length - (all.Length - all.TrimStart('0').Length);
            if (parts.Length > 1)
            {
                point += int.Parse(parts[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            }
        }
        var exponent = point - 1;
        string body;
        if (point is > -4 and <= 16)
        {
            body = point <= 0 ? "0." + new string('0', -point) + digits
                : point >= digits.Length ? digits + new string('0', point - digits.Length) + ".0"
                : digits[..point] + "." + digits[point..];
        }
        else
        {
            body = digits[..1] + (digits.Length > 1 ? "." + digits[1..] : "") + "e" + (exponent < 0 ? "-" : "+") + Math.Abs(exponent).ToString("00", CultureInfo.InvariantCulture);
        }
        return negative ? "-" + body : body;
    }
}
