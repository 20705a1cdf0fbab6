namespace MlWorkflow.Engine.Profiling;

internal static class ValueText
{
    /// <summary>Longer values are kept shortened, for display only (they are counted by their full text).</summary>
    public const int MaxStoredChars = 200;

    /// <summary>The value as a string, cut to <see cref="MaxStoredChars"/> characters ending with "…" when longer.</summary>
    public static string Shorten(ReadOnlySpan<char> value)
    {
        if (value.Length <= MaxStoredChars)
        {
            return new string(value);
        }
        var kept = char.IsHighSurrogate(value[MaxStoredChars - 2]) ? MaxStoredChars - 2 : MaxStoredChars - 1;
        return string.Concat(value[..kept], "…");
    }
}
