namespace MlWorkflow.Web.Services;

/// <summary>MudChart's y axis: its tick spacing is a whole number (20 by default), which flattens small values such as scores.</summary>
public static class ChartScale
{
    /// <summary>A spacing that gives about four ticks up to <paramref name="max"/>; 1 (an axis from 0 to 1) for values of 1 or less.</summary>
    public static int YAxisTicks(double max) => (int)Math.Max(1, Math.Ceiling(max / 4));
}
