using System.Globalization;
using MlWorkflow.Tests.Engine.Csv;

namespace MlWorkflow.Tests.Engine.Profiling;

/// <summary>
/// The samples' numbers computed the plain way, independently of the profiler: the committed samples
/// contain no quotes, so each line splits on commas; statistics are two-pass.
/// </summary>
internal sealed class SampleReference
{
    /// <summary>pandas' <c>read_csv</c> default <c>na_values</c>, as its documentation lists them.</summary>
    public static readonly string[] DefaultMissingTokens =
        ["", "#N/A", "#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN", "-NaN", "-nan", "1.#IND", "1.#QNAN", "<NA>", "N/A", "NA", "NULL", "NaN", "None", "n/a", "nan", "null"];

    private SampleReference(string[] header, string[][] rows, string[] lines)
    {
        Header = header;
        Rows = rows;
        Lines = lines;
    }

    public string[] Header { get; }

    public string[][] Rows { get; }

    private string[] Lines { get; }

    public static SampleReference Load(string file)
    {
        var lines = File.ReadAllLines(CsvTestFiles.Sample(file)).Where(line => line.Length > 0).ToArray();
        Assert.DoesNotContain(lines, line => line.Contains('"'));
        var rows = lines.Skip(1).Select(line => line.Split(',')).ToArray();
        return new SampleReference(lines[0].Split(','), rows, lines[1..]);
    }

    public long DuplicateRows => Lines.Length - Lines.Distinct(StringComparer.Ordinal).Count();

    public IEnumerable<string> Values(string column)
    {
        var index = Array.IndexOf(Header, column);
        return Rows.Select(row => row[index].Trim());
    }

    public IReadOnlyList<string> Present(string column) =>
        [.. Values(column).Where(value => !DefaultMissingTokens.Contains(value))];

    public long Missing(string column) => Values(column).Count(DefaultMissingTokens.Contains);

    public long Distinct(string column) => Present(column).Distinct(StringComparer.Ordinal).LongCount();

    public double[] Numbers(string column) =>
        [.. Present(column).Select(value => double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture))];

    public static double Mean(double[] values) => values.Sum() / values.Length;

    public static double Std(double[] values)
    {
        var mean = Mean(values);
        return Math.Sqrt(values.Sum(value => (value - mean) * (value - mean)) / (values.Length - 1));
    }
}
