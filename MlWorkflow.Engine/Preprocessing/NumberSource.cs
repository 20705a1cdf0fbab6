namespace MlWorkflow.Engine.Preprocessing;

/// <summary>
/// A column's values as the next step to fit sees them: read back from the column's spill, mapped (category ids to
/// ordinal codes for a text column), then run through the steps fitted so far. NaN is a missing value.
/// </summary>
internal sealed class NumberSource(SpillFile<double> spill, double[] buffer, Func<long, long> lineOfRow)
{
    private readonly List<NumberOp> _ops = [];

    /// <summary>Maps each read value first (text columns: the category id to its code); null leaves values as read.</summary>
    public Func<double, double>? Map { get; set; }

    public void Add(NumberOp op) => _ops.Add(op);

    /// <exception cref="PreprocessDataException">A fitted step fails on a value; the exception names its line.</exception>
    public void Read(Action<ReadOnlySpan<double>> block)
    {
        try
        {
            spill.Read(buffer, (values, first) =>
            {
                if (Map is { } map)
                {
                    for (var i = 0; i < values.Length; i++)
                    {
                        values[i] = map(values[i]);
                    }
                }
                foreach (var op in _ops)
                {
                    op.Apply(values, first);
                }
                block(values);
            });
        }
        catch (PreprocessDataException e) when (e.Row is { } row)
        {
            throw e.AtLine(lineOfRow(row));
        }
    }

    /// <summary>Count and Neumaier sum of the non-missing values.</summary>
    public (long Count, double Mean) Mean()
    {
        long count = 0;
        var sum = new NumberStats.Sum();
        Read(values =>
        {
            foreach (var x in values)
            {
                if (!double.IsNaN(x))
                {
                    count++;
                    sum.Add(x);
                }
            }
        });
        return (count, count == 0 ? double.NaN : sum.Value / count);
    }

    /// <summary>Population variance around <paramref name="mean"/>, two-pass with sklearn's correction term.</summary>
    public double Variance(double mean, long count)
    {
        var squares = new NumberStats.Sum();
        var correction = new NumberStats.Sum();
        Read(values =>
        {
            foreach (var x in values)
            {
                if (!double.IsNaN(x))
                {
                    squares.Add((x - mean) * (x - mean));
                    correction.Add(x - mean);
                }
            }
        });
        return (squares.Value - correction.Value * correction.Value / count) / count;
    }

    public (double Min, double Max) Range()
    {
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        Read(values =>
        {
            foreach (var x in values)
            {
                min = x < min ? x : min;
                max = x > max ? x : max;
            }
        });
        return (min, max);
    }

    /// <summary>How often each value occurs, and how many are missing: for most_frequent and the number categories.</summary>
    public (Dictionary<double, long> Counts, long Missing) Counts()
    {
        var counts = new Dictionary<double, long>();
        long missing = 0;
        Read(values =>
        {
            foreach (var x in values)
            {
                if (double.IsNaN(x))
                {
                    missing++;
                }
                else
                {
                    counts[x] = counts.GetValueOrDefault(x) + 1;
                }
            }
        });
        return (counts, missing);
    }
}
