using MlWorkflow.Engine.Profiling;
using MlWorkflow.Engine.Training;

namespace MlWorkflow.Engine.Prediction;

/// <summary>How a model package reads the cells of its input columns, for callers that check values before predicting.</summary>
public static class PredictInputs
{
    /// <summary>true/yes/t/y/1 and false/no/f/n/0 in any case, as booleans were read at training.</summary>
    public static bool TryReadBoolean(ReadOnlySpan<char> cell, out bool value)
    {
        var read = FeatureEncoder.ReadBoolean(cell.Trim());
        value = read == 1;
        return !float.IsNaN(read);
    }

    /// <summary>A year-first date or date-time as the profiler reads dates (yyyy-MM-dd or yyyy/MM/dd, then an optional time and offset).</summary>
    public static bool IsDate(ReadOnlySpan<char> cell) => DateParser.TryParse(cell.Trim(), out _, out _, out _);
}
