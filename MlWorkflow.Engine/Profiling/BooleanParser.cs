using System.Runtime.CompilerServices;

namespace MlWorkflow.Engine.Profiling;

/// <summary>true/false, yes/no, t/f, y/n in any case. 0 and 1 are numbers, not booleans.</summary>
internal static class BooleanParser
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool IsBoolean(ReadOnlySpan<char> value) => value.Length switch
    {
        1 => value[0] is 't' or 'T' or 'f' or 'F' or 'y' or 'Y' or 'n' or 'N',
        2 => value.Equals("no", StringComparison.OrdinalIgnoreCase),
        3 => value.Equals("yes", StringComparison.OrdinalIgnoreCase),
        4 => value.Equals("true", StringComparison.OrdinalIgnoreCase),
        5 => value.Equals("false", StringComparison.OrdinalIgnoreCase),
        _ => false,
    };
}
