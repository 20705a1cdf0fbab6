using System.Runtime.CompilerServices;

namespace MlWorkflow.Engine.Profiling;

/// <summary>Shortest, longest and mean length of values in Unicode characters (a surrogate pair counts once).</summary>
internal sealed class LengthStats
{
    private long _count;
    private long _total;

    public int Min { get; private set; } = int.MaxValue;

    public int Max { get; private set; }

    public double Mean => _count == 0 ? 0 : (double)_total / _count;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Add(ReadOnlySpan<char> value)
    {
        var length = value.ContainsAnyInRange('\uD800', '\uDFFF') ? CountRunes(value) : value.Length;
        _count++;
        _total += length;
        Min = Math.Min(Min, length);
        Max = Math.Max(Max, length);
    }

    private static int CountRunes(ReadOnlySpan<char> value)
    {
        var count = 0;
        foreach (var _ in value.EnumerateRunes())
        {
            count++;
        }
        return count;
    }
}
