using System.Runtime.CompilerServices;
using MlWorkflow.Engine.Profiling;

namespace MlWorkflow.Engine.Preprocessing;

/// <summary>What the fitting pass keeps of one column: its missing values counted, and a spill or value counts when a step learns from them.</summary>
internal abstract class ColumnCollector(ColumnChain chain, MissingTokenMatcher missing, SpillFile<double>? spill) : IDisposable
{
    public ColumnChain Chain => chain;

    public SpillFile<double>? Spill => spill;

    /// <summary>Missing values, including words and infinite values read as missing.</summary>
    public long Missing { get; protected set; }

    protected MissingTokenMatcher MissingTokens => missing;

    public abstract void Add(ReadOnlySpan<char> raw, long line);

    public void Dispose() => spill?.Dispose();
}

internal sealed class NumberCollector(ColumnChain chain, MissingTokenMatcher missing, SpillFile<double>? spill)
    : ColumnCollector(chain, missing, spill)
{
    private readonly NumberReader _reader = chain.Reader();

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void Add(ReadOnlySpan<char> raw, long line)
    {
        var value = raw.Trim();
        double x;
        if (MissingTokens.IsMissing(value))
        {
            x = double.NaN;
        }
        else
        {
            try
            {
                x = _reader.Read(value);
            }
            catch (PreprocessDataException e)
            {
                throw e.AtLine(line);
            }
        }
        if (double.IsNaN(x))
        {
            Missing++;
        }
        Spill?.Add(x);
    }
}

/// <summary>A text column: each distinct value gets an id in order of first appearance, with its count; the spill holds ids.</summary>
internal sealed class TextCollector(ColumnChain chain, MissingTokenMatcher missing, SpillFile<double>? spill, bool counts)
    : ColumnCollector(chain, missing, spill)
{
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _ids =
        new Dictionary<string, int>(StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
    private readonly List<long> _counts = [];

    public List<string> Values { get; } = [];

    public IReadOnlyList<long> Counts => _counts;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void Add(ReadOnlySpan<char> raw, long line)
    {
        var value = raw.Trim();
        if (MissingTokens.IsMissing(value))
        {
            Missing++;
            Spill?.Add(double.NaN);
            return;
        }
        if (!counts)
        {
            return;
        }
        if (!_ids.TryGetValue(value, out var id))
        {
            id = Values.Count;
            var text = new string(value);
            _ids.Dictionary.Add(text, id);
            Values.Add(text);
            _counts.Add(0);
        }
        _counts[id]++;
        Spill?.Add(id);
    }
}
