using System.Runtime.CompilerServices;

namespace MlWorkflow.Engine.Profiling;

/// <summary>
/// Tells whether a trimmed value is one of the missing tokens, usually without hashing it: a value is looked up
/// only when its first character starts some token and its last character ends one (numbers end in a digit,
/// tokens such as "-1.#IND" or "NaN" do not, so number columns never reach the lookup).
/// </summary>
internal sealed class MissingTokenMatcher
{
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _tokens;
    private readonly bool _emptyIsMissing;
    private readonly int _maxLength;
    private readonly UInt128 _asciiFirstChars;
    private readonly UInt128 _asciiLastChars;
    private readonly bool _nonAscii;

    public MissingTokenMatcher(IReadOnlyList<string> tokens)
    {
        var set = new HashSet<string>(tokens, StringComparer.Ordinal);
        _tokens = set.GetAlternateLookup<ReadOnlySpan<char>>();
        _emptyIsMissing = set.Contains("");
        foreach (var token in set.Where(token => token.Length > 0))
        {
            _maxLength = Math.Max(_maxLength, token.Length);
            _nonAscii |= !Mark(ref _asciiFirstChars, token[0]) | !Mark(ref _asciiLastChars, token[^1]);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool IsMissing(ReadOnlySpan<char> value)
    {
        if (value.Length == 0)
        {
            return _emptyIsMissing;
        }
        if (value.Length > _maxLength)
        {
            return false;
        }
        var candidate = _nonAscii || (IsMarked(_asciiFirstChars, value[0]) && IsMarked(_asciiLastChars, value[^1]));
        return candidate && _tokens.Contains(value);
    }

    /// <summary>Sets the character's bit; false when it is not ASCII (then every value is looked up).</summary>
    private static bool Mark(ref UInt128 set, char c)
    {
        if (c >= 128)
        {
            return false;
        }
        set |= UInt128.One << c;
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsMarked(UInt128 set, char c) => c < 128 && (set & (UInt128.One << c)) != UInt128.Zero;
}
