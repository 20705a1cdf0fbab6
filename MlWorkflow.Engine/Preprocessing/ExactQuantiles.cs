namespace MlWorkflow.Engine.Preprocessing;

/// <summary>
/// Exact order statistics of a column without holding it: a radix select over the values' order-preserving 64-bit keys.
/// Each read of the source narrows every wanted rank to one bucket of the next 16 bits (a histogram of 65,536 counts per
/// distinct bucket followed); once a bucket holds at most <see cref="CollectLimit"/> values, the next read keeps them and
/// sorts them. Typically three reads, at most five; memory is the histograms and the collected values (≤ 2 MiB each).
/// </summary>
internal static class ExactQuantiles
{
    private const int CollectLimit = 1 << 18;

    /// <summary>The median (mean of the two middle values for an even count), or NaN when there is no value.</summary>
    public static double Median(NumberSource source)
    {
        var values = Select(source, n => [(n - 1) / 2, n / 2]);
        return values is null ? double.NaN : values[0] == values[1] ? values[0] : (values[0] + values[1]) / 2;
    }

    /// <summary>numpy's 'linear' quantiles at each of <paramref name="fractions"/>, or null when there is no value.</summary>
    public static double[]? Linear(NumberSource source, params double[] fractions)
    {
        var indices = new List<(long Below, long Above, double T)>();
        var values = Select(source, n =>
        {
            indices.AddRange(fractions.Select(q => NumberStats.QuantileIndex(n, q)));
            return [.. indices.SelectMany(index => new[] { index.Below, index.Above })];
        });
        return values is null ? null : [.. indices.Select((index, i) => NumberStats.Lerp(values[2 * i], values[2 * i + 1], index.T))];
    }

    /// <summary>The values at the 0-based <paramref name="ranks"/> (computed from the count of non-missing values) in sorted order.</summary>
    private static double[]? Select(NumberSource source, Func<long, long[]> ranks)
    {
        var first = new long[1 << 16];
        long n = 0;
        source.Read(values =>
        {
            foreach (var x in values)
            {
                if (!double.IsNaN(x))
                {
                    first[Key(x) >> 48]++;
                    n++;
                }
            }
        });
        if (n == 0)
        {
            return null;
        }
        var wanted = ranks(n);
        var targets = wanted.Select(rank => new Target(rank)).ToArray();
        foreach (var target in targets)
        {
            target.Narrow(first, 16);
        }
        while (targets.Any(target => !target.Done))
        {
            // Targets in the same bucket share one histogram or one collection.
            var groups = targets.Where(target => !target.Done).GroupBy(target => (target.Prefix, target.Bits, target.Collecting))
                .Select(group => new Group(group.Key.Prefix, group.Key.Bits, group.Key.Collecting, [.. group])).ToArray();
            source.Read(values =>
            {
                foreach (var x in values)
                {
                    if (double.IsNaN(x))
                    {
                        continue;
                    }
                    var key = Key(x);
                    foreach (var group in groups)
                    {
                        group.Offer(key, x);
                    }
                }
            });
            foreach (var group in groups)
            {
                group.Finish();
            }
        }
        return [.. targets.Select(target => target.Value)];
    }

    /// <summary>Unsigned keys in the order of the doubles: negative numbers have all bits flipped, others the sign bit set.</summary>
    private static ulong Key(double x)
    {
        var bits = BitConverter.DoubleToUInt64Bits(x);
        return (bits & 0x8000_0000_0000_0000) != 0 ? ~bits : bits | 0x8000_0000_0000_0000;
    }

    private static double FromKey(ulong key) =>
        BitConverter.UInt64BitsToDouble((key & 0x8000_0000_0000_0000) != 0 ? key & 0x7FFF_FFFF_FFFF_FFFF : ~key);

    private sealed class Target(long rank)
    {
        public ulong Prefix { get; private set; }
        public int Bits { get; private set; }
        public bool Collecting { get; private set; }
        public bool Done { get; private set; }
        public double Value { get; private set; }

        /// <summary>Moves into the bucket of <paramref name="histogram"/> (over the next 16 bits after <see cref="Bits"/>) that holds the rank.</summary>
        public void Narrow(long[] histogram, int bitsAfter)
        {
            long before = 0;
            var bucket = 0;
            while (before + histogram[bucket] <= rank)
            {
                before += histogram[bucket++];
            }
            rank -= before;
            Prefix = (Prefix << 16) | (uint)bucket;
            Bits = bitsAfter;
            if (Bits == 64)
            {
                (Done, Value) = (true, FromKey(Prefix));
            }
            Collecting = histogram[bucket] <= CollectLimit;
        }

        public void Pick(List<double> sorted) => (Done, Value) = (true, sorted[(int)rank]);
    }

    private sealed class Group(ulong prefix, int bits, bool collecting, Target[] targets)
    {
        private readonly long[]? _histogram = collecting ? null : new long[1 << 16];
        private readonly List<double> _values = [];

        public void Offer(ulong key, double x)
        {
            if (key >> (64 - bits) != prefix)
            {
                return;
            }
            if (_histogram is null)
            {
                _values.Add(x);
            }
            else
            {
                _histogram[(key >> (48 - bits)) & 0xFFFF]++;
            }
        }

        public void Finish()
        {
            if (_histogram is null)
            {
                _values.Sort();
                foreach (var target in targets)
                {
                    target.Pick(_values);
                }
                return;
            }
            foreach (var target in targets)
            {
                target.Narrow(_histogram, bits + 16);
            }
        }
    }
}
