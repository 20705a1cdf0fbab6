using MlWorkflow.Engine.Profiling;

namespace MlWorkflow.Engine.Preprocessing;

/// <summary>date_parts: the calendar parts of a date as the profiler reads it (UTC when it had an offset); day_of_week Monday = 0 as pandas.</summary>
internal static class DatePartsWriter
{
    /// <summary>Writes each part, or missing cells when the value is missing or not a date.</summary>
    public static void Write(ReadOnlySpan<char> value, bool missing, string[] parts, ICellWriter output)
    {
        if (missing || !DateParser.TryParse(value, out var ticks, out _, out _))
        {
            foreach (var _ in parts)
            {
                output.Missing();
            }
            return;
        }
        var date = new DateTime(ticks);
        foreach (var part in parts)
        {
            output.Integer(part switch
            {
                "year" => date.Year,
                "month" => date.Month,
                "day" => date.Day,
                "day_of_week" => ((int)date.DayOfWeek + 6) % 7,
                "hour" => date.Hour,
                _ => date.Minute,
            });
        }
    }
}
