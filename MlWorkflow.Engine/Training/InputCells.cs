using MlWorkflow.Engine.Profiling;

namespace MlWorkflow.Engine.Training;

/// <summary>How a logged or raw cell of an input column reads: missing, not readable as the column's kind, or a value.</summary>
internal static class InputCells
{
    public const string True = "true";
    public const string False = "false";

    /// <summary>The column kind a profile type monitors as, or null for columns drift does not compare (dates, text, identifiers, constants).</summary>
    public static string? KindOf(ColumnType type) => type switch
    {
        ColumnType.Numeric or ColumnType.Integer => FeatureSpec.Number,
        ColumnType.Boolean => FeatureSpec.Boolean,
        ColumnType.Categorical => FeatureSpec.Category,
        _ => null,
    };

    public static bool IsMissing(ReadOnlySpan<char> trimmed, MissingTokenMatcher missing) => trimmed.IsEmpty || missing.IsMissing(trimmed);

    /// <summary>A finite number, or NaN when the cell is not one.</summary>
    public static double Number(ReadOnlySpan<char> trimmed) =>
        NumberParser.TryParse(trimmed, out var value, out _) && double.IsFinite(value) ? value : double.NaN;

    /// <summary><see cref="True"/>, <see cref="False"/> or null, read as the feature encoder reads booleans.</summary>
    public static string? Boolean(ReadOnlySpan<char> trimmed) => FeatureEncoder.ReadBoolean(trimmed) switch
    {
        1 => True,
        0 => False,
        _ => null,
    };
}
