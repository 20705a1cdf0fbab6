using MlWorkflow.Engine.Profiling;

namespace MlWorkflow.Benchmarks.CsvRead;

/// <summary>
/// What both readers do with every field, so that they do the same work: add up its length and first character
/// ("visit"), or parse it with the profiler's number parser ("parse"). The totals must match between readers.
/// </summary>
public sealed class FieldWork(bool parse)
{
    public long Fields { get; private set; }

    public long Chars { get; private set; }

    public long Checksum { get; private set; }

    public long Numbers { get; private set; }

    public void Visit(ReadOnlySpan<char> field)
    {
        Fields++;
        Chars += field.Length;
        if (field.Length > 0)
        {
            Checksum += field[0];
        }
        if (parse && NumberParser.TryParse(field, out var number, out _))
        {
            Numbers++;
            Checksum += (long)number;
        }
    }

    public string Totals => $"{Fields} fields, {Chars} chars, {Numbers} numbers, checksum {Checksum}";
}
