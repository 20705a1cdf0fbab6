using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace MlWorkflow.Engine.Csv;

/// <summary>
/// Finds the next character that ends a run of field text, 8 characters at a time. Ours rather than
/// <see cref="System.Buffers.SearchValues{T}"/> so that the tokenizer's innermost loop is compiled fully
/// optimized from its first call (the framework's search starts in the JIT's slow first tier in a fresh process).
/// </summary>
internal static class CsvScan
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int IndexOfAny(ReadOnlySpan<char> text, char a, char b, char c, char d)
    {
        var units = MemoryMarshal.Cast<char, ushort>(text);
        var i = 0;
        if (Vector128.IsHardwareAccelerated && units.Length >= Vector128<ushort>.Count)
        {
            var va = Vector128.Create((ushort)a);
            var vb = Vector128.Create((ushort)b);
            var vc = Vector128.Create((ushort)c);
            var vd = Vector128.Create((ushort)d);
            for (; i <= units.Length - Vector128<ushort>.Count; i += Vector128<ushort>.Count)
            {
                var block = Vector128.Create(units.Slice(i, Vector128<ushort>.Count));
                var found = Vector128.Equals(block, va) | Vector128.Equals(block, vb) | Vector128.Equals(block, vc) | Vector128.Equals(block, vd);
                if (found != Vector128<ushort>.Zero)
                {
                    return i + BitOperations.TrailingZeroCount(found.ExtractMostSignificantBits());
                }
            }
        }
        for (; i < text.Length; i++)
        {
            var ch = text[i];
            if (ch == a || ch == b || ch == c || ch == d)
            {
                return i;
            }
        }
        return -1;
    }
}
