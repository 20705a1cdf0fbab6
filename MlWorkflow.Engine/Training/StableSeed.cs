namespace MlWorkflow.Engine.Training;

/// <summary>
/// Seeds derived from the request's seed and what tells one random stream from another (a trainer, a fold, a repeat).
/// <see cref="HashCode"/> is seeded at random in every process (against hash flooding), so seeds made with it repeat
/// within a process but not between two: the same request, seed and trial limit gave another leaderboard in every
/// worker process, while a test running the search twice in one process saw the same. These mix with SplitMix64's
/// finaliser, the same in every process and on every machine.
/// </summary>
internal static class StableSeed
{
    /// <summary>A non-negative seed from <paramref name="seed"/> and <paramref name="parts"/>, in order.</summary>
    public static int Of(int seed, params ReadOnlySpan<int> parts)
    {
        var hash = Mix((ulong)(uint)seed);
        foreach (var part in parts)
        {
            hash = Mix(hash ^ (uint)part);
        }
        return (int)(hash & int.MaxValue);
    }

    /// <summary>A name as a number for <see cref="Of(int, ReadOnlySpan{int})"/> (FNV-1a over its UTF-16 code units; string.GetHashCode is per process too).</summary>
    public static int Of(string name)
    {
        var hash = 2166136261u;
        foreach (var c in name)
        {
            hash = (hash ^ c) * 16777619u;
        }
        return (int)hash;
    }

    private static ulong Mix(ulong value)
    {
        value += 0x9E3779B97F4A7C15ul;
        value = (value ^ (value >> 30)) * 0xBF58476D1CE4E5B9ul;
        value = (value ^ (value >> 27)) * 0x94D049BB133111EBul;
        return value ^ (value >> 31);
    }
}
