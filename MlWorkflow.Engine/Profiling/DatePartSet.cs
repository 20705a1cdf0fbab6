using System.Numerics;
using System.Runtime.CompilerServices;

namespace MlWorkflow.Engine.Profiling;

/// <summary>
/// The calendar parts a column's dates take: the year range and one bit per month, day of the month,
/// weekday, hour, minute and second seen (a few words whatever the row count). Mergeable.
/// </summary>
internal sealed class DatePartSet
{
    public const string Year = "year";
    public const string Month = "month";
    public const string Day = "day";
    public const string Weekday = "weekday";
    public const string Hour = "hour";
    public const string Minute = "minute";
    public const string Second = "second";

    private int _minYear = int.MaxValue;
    private int _maxYear = int.MinValue;
    private uint _months;
    private uint _days;
    private uint _weekdays;
    private uint _hours;
    private ulong _minutes;
    private ulong _seconds;
    private bool _anyTime;

    public bool IsEmpty => _minYear > _maxYear;

    /// <param name="ticks">The instant as <see cref="DateTime.Ticks"/> (UTC when the value had an offset).</param>
    /// <param name="hasTime">The value had a time of day.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Add(long ticks, bool hasTime)
    {
        var (year, month, day) = new DateTime(ticks);
        _minYear = Math.Min(_minYear, year);
        _maxYear = Math.Max(_maxYear, year);
        _months |= 1u << month;
        _days |= 1u << day;
        // 1 January of year 1 (tick 0) was a Monday.
        _weekdays |= 1u << (int)((ticks / TimeSpan.TicksPerDay + 1) % 7);
        _hours |= 1u << (int)(ticks / TimeSpan.TicksPerHour % 24);
        _minutes |= 1UL << (int)(ticks / TimeSpan.TicksPerMinute % 60);
        _seconds |= 1UL << (int)(ticks / TimeSpan.TicksPerSecond % 60);
        _anyTime |= hasTime;
    }

    public void Merge(DatePartSet other)
    {
        _minYear = Math.Min(_minYear, other._minYear);
        _maxYear = Math.Max(_maxYear, other._maxYear);
        _months |= other._months;
        _days |= other._days;
        _weekdays |= other._weekdays;
        _hours |= other._hours;
        _minutes |= other._minutes;
        _seconds |= other._seconds;
        _anyTime |= other._anyTime;
    }

    public DateParts? ToParts()
    {
        if (IsEmpty)
        {
            return null;
        }
        var varying = new List<string>();
        void Check(string part, bool varies)
        {
            if (varies)
            {
                varying.Add(part);
            }
        }
        Check(Year, _maxYear > _minYear);
        Check(Month, BitOperations.PopCount(_months) > 1);
        Check(Day, BitOperations.PopCount(_days) > 1);
        Check(Weekday, BitOperations.PopCount(_weekdays) > 1);
        Check(Hour, BitOperations.PopCount(_hours) > 1);
        Check(Minute, BitOperations.PopCount(_minutes) > 1);
        Check(Second, BitOperations.PopCount(_seconds) > 1);
        return new DateParts(_minYear, _maxYear, Bits(_months), Bits(_days), Bits(_weekdays),
            _anyTime ? Bits(_hours) : null, _anyTime ? Bits(_minutes) : null, _anyTime ? Bits(_seconds) : null, varying);
    }

    private static List<int> Bits(ulong mask)
    {
        var values = new List<int>(BitOperations.PopCount(mask));
        for (; mask != 0; mask &= mask - 1)
        {
            values.Add(BitOperations.TrailingZeroCount(mask));
        }
        return values;
    }
}
