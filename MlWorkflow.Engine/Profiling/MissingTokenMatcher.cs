using System.Runtime.CompilerServices;

namespace MlWorkflow.Engine.Profiling;

/// <summary>Tells whether a trimmed value is one of the missing tokens, usually without hashing it.</summary>
internal sealed class MissingTokenMatcher
{
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _tokens;
    private readonly bool _emptyIsMissing;
    private readonly int _maxLength;
    private readonly UInt128 _asciiFirstChars;
    private readonly bool _nonAsciiFirstChar;

    public MissingTokenMatcher(IReadOnlyList<string> tokens)
    {
        var set = new HashSet<string>(tokens, StringComparer.Ordinal);
        _tokens = set.GetAlternateLookup<ReadOnlySpan<char>>();
        _emptyIsMissing = set.Contains("");
        foreach (var token in set.Where(token => token.Length > 0))
        {
            _maxLength = Math.Max(_maxLength, token.Length);
            if (token[0] < 128)
            {
                _asciiFirstChars |= UInt128.One << token[0];
            }
            else
            {
                _nonAsciiFirstChar = true;
            }
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
        var first = value[0];
        var candidate = first < 128 ? (_asciiFirstChars & (UInt128.One << first)) != UInt128.Zero : _nonAsciiFirstChar;
        return candidate && _tokens.Contains(value);
    }
}
