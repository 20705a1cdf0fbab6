using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace MlWorkflow.Engine.Profiling;

/// <summary>
/// 64-bit hash of a value's text or of a row: wyhash (final version 4, Wang Yi; passes SMHasher), seeded
/// and deterministic. Ours rather than <c>System.IO.Hashing.XxHash3</c> so that the hot path is compiled
/// fully optimized from the first call: a package's methods start in the JIT's slow first tier, which cost
/// a fresh process about a second per million rows before they were recompiled.
/// </summary>
internal static class ValueHash
{
    private const ulong P0 = 0xa0761d6478bd642f;
    private const ulong P1 = 0xe7037ed1a0b428db;
    private const ulong P2 = 0x8ebc6af09c88c6e3;
    private const ulong P3 = 0x589965cc75374cc3;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static ulong Of(ReadOnlySpan<char> text, ulong seed = 0) => Of(MemoryMarshal.AsBytes(text), seed);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static ulong Of(ReadOnlySpan<byte> p, ulong seed = 0)
    {
        seed ^= Mum(seed ^ P0, P1);
        var length = p.Length;
        ulong a;
        ulong b;
        if (length <= 16)
        {
            if (length >= 4)
            {
                var shift = (length >> 3) << 2;
                a = ((ulong)Read4(p, 0) << 32) | Read4(p, shift);
                b = ((ulong)Read4(p, length - 4) << 32) | Read4(p, length - 4 - shift);
            }
            else if (length > 0)
            {
                a = ((ulong)p[0] << 16) | ((ulong)p[length >> 1] << 8) | p[length - 1];
                b = 0;
            }
            else
            {
                a = b = 0;
            }
        }
        else
        {
            var rest = p;
            if (rest.Length > 48)
            {
                var see1 = seed;
                var see2 = seed;
                do
                {
                    seed = Mum(Read8(rest, 0) ^ P1, Read8(rest, 8) ^ seed);
                    see1 = Mum(Read8(rest, 16) ^ P2, Read8(rest, 24) ^ see1);
                    see2 = Mum(Read8(rest, 32) ^ P3, Read8(rest, 40) ^ see2);
                    rest = rest[48..];
                }
                while (rest.Length > 48);
                seed ^= see1 ^ see2;
            }
            while (rest.Length > 16)
            {
                seed = Mum(Read8(rest, 0) ^ P1, Read8(rest, 8) ^ seed);
                rest = rest[16..];
            }
            // The last 16 bytes of the input, which may overlap bytes already mixed.
            a = Read8(p, length - 16);
            b = Read8(p, length - 8);
        }
        a ^= P1;
        b ^= seed;
        var high = Math.BigMul(a, b, out var low);
        return Mum(low ^ P0 ^ (ulong)length, high ^ P1);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Mum(ulong a, ulong b)
    {
        var high = Math.BigMul(a, b, out var low);
        return high ^ low;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Read8(ReadOnlySpan<byte> p, int at) => BinaryPrimitives.ReadUInt64LittleEndian(p[at..]);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Read4(ReadOnlySpan<byte> p, int at) => BinaryPrimitives.ReadUInt32LittleEndian(p[at..]);
}
