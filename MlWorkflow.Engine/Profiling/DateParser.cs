using System.Runtime.CompilerServices;

namespace MlWorkflow.Engine.Profiling;

/// <summary>
/// Year-first dates, culture-invariant: yyyy-MM-dd or yyyy/MM/dd, optionally followed by 'T' or a space,
/// HH:mm, :ss, a fraction of up to 9 digits (kept to 100 ns), and 'Z' or an offset ±HH:mm, ±HHmm or ±HH.
/// Day-first and month-first forms (31/01/2020, 01/31/2020) are ambiguous and are not dates here.
/// </summary>
internal static class DateParser
{
    /// <summary><paramref name="ticks"/> is the instant in <see cref="DateTime.Ticks"/>, converted to UTC when an offset or 'Z' is given.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryParse(ReadOnlySpan<char> s, out long ticks, out bool hasTime, out bool hasOffset)
    {
        ticks = 0;
        hasTime = false;
        hasOffset = false;
        if (s.Length < 10 || s[4] is not ('-' or '/') || s[7] != s[4]
            || !TryDigits(s, 0, 4, out var year) || !TryDigits(s, 5, 2, out var month) || !TryDigits(s, 8, 2, out var day)
            || year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }
        ticks = new DateTime(year, month, day).Ticks;
        if (s.Length == 10)
        {
            return true;
        }
        if (s.Length < 16 || s[10] is not ('T' or ' ') || s[13] != ':'
            || !TryDigits(s, 11, 2, out var hour) || !TryDigits(s, 14, 2, out var minute) || hour > 23 || minute > 59)
        {
            return false;
        }
        hasTime = true;
        ticks += hour * TimeSpan.TicksPerHour + minute * TimeSpan.TicksPerMinute;
        var i = 16;
        if (i < s.Length && s[i] == ':')
        {
            if (!TryDigits(s, i + 1, 2, out var second) || second > 59)
            {
                return false;
            }
            ticks += second * TimeSpan.TicksPerSecond;
            i += 3;
            if (i < s.Length && s[i] is '.' or ',')
            {
                var start = ++i;
                long fraction = 0;
                for (; i < s.Length && IsDigit(s[i]) && i - start < 9; i++)
                {
                    fraction = i - start < 7 ? fraction * 10 + (s[i] - '0') : fraction;
                }
                var kept = Math.Min(i - start, 7);
                if (kept == 0)
                {
                    return false;
                }
                for (var k = kept; k < 7; k++)
                {
                    fraction *= 10;
                }
                ticks += fraction;
            }
        }
        return i == s.Length || TryOffset(s[i..], ref ticks, out hasOffset);
    }

    private static bool TryOffset(ReadOnlySpan<char> s, ref long ticks, out bool hasOffset)
    {
        hasOffset = true;
        if (s is "Z" or "z")
        {
            return true;
        }
        if (s.Length is not (3 or 5 or 6) || s[0] is not ('+' or '-') || !TryDigits(s, 1, 2, out var hours))
        {
            return false;
        }
        var minutes = 0;
        if ((s.Length > 3 && !TryDigits(s, s.Length - 2, 2, out minutes)) || (s.Length == 6 && s[3] != ':') || hours > 14 || minutes > 59)
        {
            return false;
        }
        var offset = (hours * 60 + minutes) * TimeSpan.TicksPerMinute;
        ticks += s[0] == '-' ? offset : -offset;
        return ticks is >= 0 and <= 3_155_378_975_999_999_999;   // DateTime.MaxValue.Ticks
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsDigit(char c) => (uint)(c - '0') <= 9;

    private static bool TryDigits(ReadOnlySpan<char> s, int start, int count, out int value)
    {
        value = 0;
        if (start + count > s.Length)
        {
            return false;
        }
        for (var i = start; i < start + count; i++)
        {
            if (!IsDigit(s[i]))
            {
                return false;
            }
            value = value * 10 + (s[i] - '0');
        }
        return true;
    }
}
