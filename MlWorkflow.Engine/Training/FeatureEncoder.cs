using System.Globalization;
using System.Text.Json.Serialization;
using MlWorkflow.Engine.Profiling;

namespace MlWorkflow.Engine.Training;

/// <summary>
/// How an input column becomes model features: a number (one slot, NaN when missing), a boolean (1/0), a category
/// (one-hot) or text (one slot per n-gram of its <see cref="Text"/> vocabulary).
/// </summary>
public sealed record FeatureSpec(
    string Name,
    string Kind,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Categories = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] TextVocabulary? Text = null)
{
    public const string Number = "number";
    public const string Boolean = "boolean";
    public const string Category = "category";
    public const string TextKind = "text";

    public int Width => Kind switch
    {
        Category => Categories!.Count,
        TextKind => Text!.Count,
        _ => 1,
    };
}

/// <summary>
/// Turns cells into the dense feature vector every trainer reads, the same way at training and at predict time: numbers
/// parse invariantly, booleans read true/yes/t/y (1) and false/no/f/n (0), categories one-hot in <see cref="FeatureSpec.Categories"/>
/// order with unknown values all zero, text as log(1 + count) of each n-gram of its vocabulary (<see cref="TextNgrams.Visit"/>;
/// unknown n-grams are not counted). A missing token, an empty cell or a number that does not parse is missing (NaN for
/// numbers and booleans, all zero for categories and text): trees route missing values themselves, linear trainers impute the mean.
/// </summary>
public sealed class FeatureEncoder
{
    private readonly MissingTokenMatcher _missing;
    private readonly Dictionary<string, int>[] _categoryIndex;
    private readonly (Dictionary<string, int> Words, Dictionary<string, int> Chars)[] _termIndex;

    public FeatureEncoder(IReadOnlyList<FeatureSpec> features, IReadOnlyList<string> missingTokens)
    {
        Features = features;
        MissingTokens = missingTokens;
        _missing = new MissingTokenMatcher(missingTokens);
        Offsets = new int[features.Count];
        _categoryIndex = new Dictionary<string, int>[features.Count];
        _termIndex = new (Dictionary<string, int>, Dictionary<string, int>)[features.Count];
        var offset = 0;
        for (var i = 0; i < features.Count; i++)
        {
            Offsets[i] = offset;
            offset += features[i].Width;
            if (features[i].Kind == FeatureSpec.Category)
            {
                _categoryIndex[i] = features[i].Categories!.Select((value, index) => (value, index)).ToDictionary(p => p.value, p => p.index, StringComparer.Ordinal);
            }
            else if (features[i].Kind == FeatureSpec.TextKind)
            {
                var text = features[i].Text!;
                _termIndex[i] = (text.Words.Select((term, index) => (term, index)).ToDictionary(p => p.term, p => p.index, StringComparer.Ordinal),
                    text.Chars.Select((term, index) => (term, index)).ToDictionary(p => p.term, p => text.Words.Count + p.index, StringComparer.Ordinal));
            }
        }
        Width = offset;
    }

    public IReadOnlyList<FeatureSpec> Features { get; }

    public IReadOnlyList<string> MissingTokens { get; }

    /// <summary>Where each feature's slots start in the vector.</summary>
    public int[] Offsets { get; }

    public int Width { get; }

    /// <summary>
    /// Slot names as the importance and debugging views show them: the column, <c>column=category</c>, or for text
    /// <c>column~words</c> and <c>column~'chars'</c> (quoted: their padding spaces show).
    /// </summary>
    public IEnumerable<string> SlotNames() => Features.SelectMany(f => f.Kind switch
    {
        FeatureSpec.Category => f.Categories!.Select(c => $"{f.Name}={c}"),
        FeatureSpec.TextKind => f.Text!.Words.Select(w => $"{f.Name}~{w}").Concat(f.Text.Chars.Select(c => $"{f.Name}~'{c}'")),
        _ => [f.Name],
    });

    /// <summary>Writes feature <paramref name="feature"/>'s slots for one cell (already trimmed) into <paramref name="vector"/>.</summary>
    public void Encode(int feature, ReadOnlySpan<char> cell, Span<float> vector)
    {
        var spec = Features[feature];
        var slots = vector.Slice(Offsets[feature], spec.Width);
        if (spec.Kind == FeatureSpec.TextKind)
        {
            EncodeText(feature, cell, slots);
            return;
        }
        if (spec.Kind != FeatureSpec.Category)
        {
            slots[0] = Scalar(feature, cell);
            return;
        }
        slots.Clear();
        if (!_missing.IsMissing(cell) && _categoryIndex[feature].GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(cell, out var index))
        {
            slots[index] = 1;
        }
    }

    private void EncodeText(int feature, ReadOnlySpan<char> cell, Span<float> slots)
    {
        slots.Clear();
        if (slots.IsEmpty || _missing.IsMissing(cell))
        {
            return;
        }
        var (words, chars) = (_termIndex[feature].Words.GetAlternateLookup<ReadOnlySpan<char>>(), _termIndex[feature].Chars.GetAlternateLookup<ReadOnlySpan<char>>());
        // Counts first (a span cannot be captured by the visitor, so they go through an array), then log(1 + count).
        var counts = new float[slots.Length];
        Features[feature].Text!.Ngrams.Visit(cell, (word, term) =>
        {
            if ((word ? words : chars).TryGetValue(term, out var slot))
            {
                counts[slot]++;
            }
        });
        for (var i = 0; i < counts.Length; i++)
        {
            slots[i] = counts[i] == 0 ? 0 : MathF.Log(1 + counts[i]);
        }
    }

    /// <summary>The one slot of a number or boolean feature.</summary>
    public float Scalar(int feature, ReadOnlySpan<char> cell)
    {
        if (_missing.IsMissing(cell))
        {
            return float.NaN;
        }
        return Features[feature].Kind == FeatureSpec.Boolean
            ? ReadBoolean(cell)
            : NumberParser.TryParse(cell, out var number, out _) && double.IsFinite(number) ? (float)number : float.NaN;
    }

    /// <summary>One row by column name (absent or null = missing) into a new vector.</summary>
    public float[] EncodeRow(IReadOnlyDictionary<string, string?> row)
    {
        var vector = new float[Width];
        EncodeRow(row, vector);
        return vector;
    }

    /// <summary>One row by column name (absent or null = missing) into <paramref name="vector"/> (<see cref="Width"/> long; every slot is written).</summary>
    public void EncodeRow(IReadOnlyDictionary<string, string?> row, Span<float> vector)
    {
        for (var i = 0; i < Features.Count; i++)
        {
            Encode(i, row.TryGetValue(Features[i].Name, out var value) && value is not null ? value.AsSpan().Trim() : [], vector);
        }
    }

    /// <summary>Why a value cannot be read for a feature, or null when it can (missing values can).</summary>
    public string? Check(int feature, string? value)
    {
        var cell = value.AsSpan().Trim();
        if (value is null || _missing.IsMissing(cell) || cell.IsEmpty)
        {
            return null;
        }
        return Features[feature].Kind switch
        {
            FeatureSpec.Number when !NumberParser.TryParse(cell, out var number, out _) || !double.IsFinite(number) =>
                $"'{Truncate(value)}' is not a finite number",
            FeatureSpec.Boolean when float.IsNaN(ReadBoolean(cell)) => $"'{Truncate(value)}' is not a boolean (true/false, yes/no, 1/0)",
            _ => null,
        };
    }

    internal static float ReadBoolean(ReadOnlySpan<char> cell)
    {
        if (cell is "1" || cell.Equals("true", StringComparison.OrdinalIgnoreCase) || cell.Equals("yes", StringComparison.OrdinalIgnoreCase)
            || cell.Equals("t", StringComparison.OrdinalIgnoreCase) || cell.Equals("y", StringComparison.OrdinalIgnoreCase))
        {
            return 1;
        }
        if (cell is "0" || cell.Equals("false", StringComparison.OrdinalIgnoreCase) || cell.Equals("no", StringComparison.OrdinalIgnoreCase)
            || cell.Equals("f", StringComparison.OrdinalIgnoreCase) || cell.Equals("n", StringComparison.OrdinalIgnoreCase))
        {
            return 0;
        }
        return float.NaN;
    }

    private static string Truncate(string value) => value.Length <= 40 ? value : string.Concat(value.AsSpan(0, 40), "…");

    internal static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
