namespace MlWorkflow.Engine.Profiling.Correlations;

/// <summary>One column of the <see cref="RowSample"/>, as numbers (NaN = missing) with their ranks, or as category codes (−1 = missing).</summary>
internal sealed class SampledColumn
{
    private SampledColumn(string name, bool isNumeric, double[] numbers, int[] order, double[] ranks, int[] codes)
    {
        Order = order;
        Name = name;
        IsNumeric = isNumeric;
        Numbers = numbers;
        Ranks = ranks;
        Codes = codes;
        Complete = isNumeric ? !numbers.Any(double.IsNaN) : !codes.Any(code => code < 0);
    }

    public string Name { get; }

    public bool IsNumeric { get; }

    public double[] Numbers { get; }

    public double[] Ranks { get; }

    /// <summary>The rows with a number, ordered by it.</summary>
    public int[] Order { get; }

    public int[] Codes { get; }

    /// <summary>No missing value in the sample.</summary>
    public bool Complete { get; }

    public static SampledColumn Read(RowSample sample, int column, string name, bool numeric)
    {
        if (numeric)
        {
            var numbers = new double[sample.Rows];
            for (var row = 0; row < sample.Rows; row++)
            {
                numbers[row] = sample.Number(row, column);
            }
            var order = Association.Order(numbers);
            return new SampledColumn(name, true, numbers, order, Association.Ranks(numbers, order), []);
        }
        var codes = new int[sample.Rows];
        var categories = new Dictionary<ulong, int>();
        for (var row = 0; row < sample.Rows; row++)
        {
            var hash = sample.Hash(row, column);
            if (hash == 0)
            {
                codes[row] = -1;
                continue;
            }
            if (!categories.TryGetValue(hash, out var code))
            {
                code = categories.Count;
                categories[hash] = code;
            }
            codes[row] = code;
        }
        return new SampledColumn(name, false, [], [], [], codes);
    }
}
