using System.Globalization;

namespace MlWorkflow.Engine.Profiling;

/// <summary>Earliest and latest value of the values that parse as dates.</summary>
internal sealed class DateRange
{
    private long _min = long.MaxValue;
    private long _max = long.MinValue;
    private bool _anyTime;
    private bool _anyOffset;

    public void Add(long ticks, bool hasTime, bool hasOffset)
    {
        _min = Math.Min(_min, ticks);
        _max = Math.Max(_max, ticks);
        _anyTime |= hasTime;
        _anyOffset |= hasOffset;
    }

    public string? First => _min <= _max ? Format(_min) : null;

    public string? Last => _min <= _max ? Format(_max) : null;

    private string Format(long ticks)
    {
        var value = new DateTime(ticks);
        if (!_anyTime)
        {
            return value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        }
        var text = value.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);
        return _anyOffset ? text + "Z" : text;
    }
}
