using System.Globalization;
using System.Runtime.CompilerServices;

namespace MlWorkflow.Engine.Profiling;

/// <summary>
/// Culture-invariant number parsing from spans with no allocation. Plain decimals ("-12.50") take a fast
/// path that is exact: a mantissa below 2^53 divided by a power of ten up to 10^22 is one correctly
/// rounded operation (Clinger), so results equal <see cref="double.Parse(string)"/>. Anything else
/// (exponents, many digits, "Infinity") falls back to <see cref="double.TryParse(ReadOnlySpan{char}, NumberStyles, IFormatProvider, out double)"/>.
/// </summary>
internal static class NumberParser
{
    private const ulong MaxExactMantissa = 1UL << 53;

    private static readonly double[] s_powersOfTen =
    [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ];

    /// <summary>
    /// Parses a trimmed value; <paramref name="isInteger"/> is true for an optional sign and digits only,
    /// within the range of a 64-bit integer.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryParse(ReadOnlySpan<char> value, out double number, out bool isInteger)
    {
        number = 0;
        isInteger = false;
        var i = 0;
        var negative = false;
        if (value.Length > 0 && value[0] is '-' or '+')
        {
            negative = value[0] == '-';
            i = 1;
        }
        if (i == value.Length || !(IsDigit(value[i]) || value[i] == '.'))
        {
            return i < value.Length && TryParseSpecial(value, out number);
        }
        ulong mantissa = 0;
        var significant = 0;
        var digits = 0;
        for (; i < value.Length && IsDigit(value[i]); i++, digits++)
        {
            Accumulate(ref mantissa, ref significant, value[i]);
        }
        var fraction = -1;
        if (i < value.Length && value[i] == '.')
        {
            fraction = 0;
            for (i++; i < value.Length && IsDigit(value[i]); i++, fraction++)
            {
                Accumulate(ref mantissa, ref significant, value[i]);
            }
        }
        var anyDigit = digits + Math.Max(fraction, 0) > 0;
        if (i < value.Length)
        {
            // Only an exponent may follow the digits.
            return anyDigit && value[i] is 'e' or 'E' && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out number);
        }
        if (!anyDigit)
        {
            return false;
        }
        if (significant > 19)
        {
            return double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out number);
        }
        if (fraction < 0)
        {
            isInteger = significant < 19 || mantissa <= (negative ? (ulong)long.MaxValue + 1 : long.MaxValue);
            number = negative ? -(double)mantissa : mantissa;
            return true;
        }
        if (mantissa > MaxExactMantissa || fraction > 22)
        {
            return double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out number);
        }
        number = mantissa / s_powersOfTen[fraction];
        number = negative ? -number : number;
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsDigit(char c) => (uint)(c - '0') <= 9;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Accumulate(ref ulong mantissa, ref int significant, char c)
    {
        var digit = (uint)(c - '0');
        if (significant > 0 || digit != 0)
        {
            significant++;
            if (significant <= 19)
            {
                mantissa = mantissa * 10 + digit;
            }
        }
    }

    /// <summary>"Infinity", "inf" and "NaN" in any case, with an optional sign.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool TryParseSpecial(ReadOnlySpan<char> value, out double number)
    {
        var body = value[0] is '-' or '+' ? value[1..] : value;
        var sign = value[0] == '-' ? -1.0 : 1.0;
        if (body.Equals("inf", StringComparison.OrdinalIgnoreCase) || body.Equals("infinity", StringComparison.OrdinalIgnoreCase))
        {
            number = sign * double.PositiveInfinity;
            return true;
        }
        number = double.NaN;
        return body.Equals("nan", StringComparison.OrdinalIgnoreCase);
    }
}
