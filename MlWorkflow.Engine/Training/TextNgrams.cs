using System.Buffers;
using System.Text.Json.Serialization;

namespace MlWorkflow.Engine.Training;

/// <summary>
/// The n-gram sizes of a <c>text_features</c> step: word n-grams of 1 to <paramref name="Words"/> words and character
/// n-grams of exactly <paramref name="Chars"/> characters.
/// </summary>
/// <param name="Words">The longest word n-gram (1–5).</param>
/// <param name="Chars">The length of the character n-grams (1–5).</param>
public sealed record TextNgrams(int Words, int Chars)
{
    /// <summary>What a step without params (or a pipeline fitted before they were kept) asks for; the suggester's own values.</summary>
    public static readonly TextNgrams Default = new(2, 3);

    public static TextNgrams Of(int? words, int? chars) => new(words ?? Default.Words, chars ?? Default.Chars);

    public delegate void TermVisitor(bool word, ReadOnlySpan<char> term);

    /// <summary>
    /// Every n-gram of <paramref name="text"/>, with repeats. Words are the maximal runs of letters and digits, lower-cased
    /// (invariant); word n-grams are consecutive words joined by one space. Character n-grams are taken within each word
    /// padded with a space either side (" refund " → " re", "ref", … "nd "), so they mark word starts and ends and never
    /// span two words; a padded word shorter than the length is one n-gram. Only one length: shorter n-grams are in nearly
    /// every row and would crowd the words out of the vocabulary.
    /// </summary>
    public void Visit(ReadOnlySpan<char> text, TermVisitor visit)
    {
        // " w1 w2 … wn ": every word n-gram and every padded word is a slice of it.
        var buffer = ArrayPool<char>.Shared.Rent(text.Length + 2);
        var bounds = ArrayPool<int>.Shared.Rent(text.Length + 2);
        try
        {
            var length = 0;
            var words = 0;
            buffer[length++] = ' ';
            for (var i = 0; i < text.Length;)
            {
                if (!char.IsLetterOrDigit(text[i]))
                {
                    i++;
                    continue;
                }
                bounds[2 * words] = length;
                while (i < text.Length && char.IsLetterOrDigit(text[i]))
                {
                    buffer[length++] = char.ToLowerInvariant(text[i++]);
                }
                bounds[2 * words + 1] = length;
                buffer[length++] = ' ';
                words++;
            }
            var all = buffer.AsSpan(0, length);
            for (var n = 1; n <= Words; n++)
            {
                for (var w = 0; w + n <= words; w++)
                {
                    visit(true, all[bounds[2 * w]..bounds[2 * (w + n - 1) + 1]]);
                }
            }
            for (var w = 0; w < words; w++)
            {
                var padded = all[(bounds[2 * w] - 1)..(bounds[2 * w + 1] + 1)];
                if (padded.Length <= Chars)
                {
                    visit(false, padded);
                    continue;
                }
                for (var p = 0; p + Chars <= padded.Length; p++)
                {
                    if (padded[p] != ' ' || Chars > 1)
                    {
                        visit(false, padded.Slice(p, Chars));
                    }
                }
            }
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
            ArrayPool<int>.Shared.Return(bounds);
        }
    }
}

/// <summary>
/// A text feature's n-grams, one slot each: <see cref="Words"/> first, then <see cref="Chars"/>, each sorted ordinally.
/// A row's slot is log(1 + how often the n-gram occurs in it).
/// </summary>
public sealed record TextVocabulary(
    int WordNgrams,
    int CharNgrams,
    IReadOnlyList<string> Words,
    IReadOnlyList<string> Chars)
{
    [JsonIgnore]
    public TextNgrams Ngrams => new(WordNgrams, CharNgrams);

    [JsonIgnore]
    public int Count => Words.Count + Chars.Count;
}

/// <summary>
/// Fits a <see cref="TextVocabulary"/> on training rows: the n-grams in the most rows (document frequency), at most
/// <c>max</c>, ties broken by words first and then ordinally so that the same rows always make the same vocabulary;
/// n-grams in fewer than <c>minRows</c> rows are left out (they cannot generalise).
/// </summary>
internal sealed class TextVocabularyBuilder(TextNgrams ngrams)
{
    private readonly Dictionary<string, int> _words = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _chars = new(StringComparer.Ordinal);
    private readonly List<(int Rows, int LastRow)> _wordRows = [];
    private readonly List<(int Rows, int LastRow)> _charRows = [];
    private int _row;

    /// <summary>Counts the n-grams of one row (an empty or missing cell has none).</summary>
    public void Add(ReadOnlySpan<char> text)
    {
        _row++;
        ngrams.Visit(text, Count);
    }

    private void Count(bool word, ReadOnlySpan<char> term)
    {
        var (index, seen) = word ? (_words, _wordRows) : (_chars, _charRows);
        var lookup = index.GetAlternateLookup<ReadOnlySpan<char>>();
        if (!lookup.TryGetValue(term, out var id))
        {
            id = seen.Count;
            lookup[term] = id;
            seen.Add((0, 0));
        }
        // Rows, not occurrences: an n-gram counts once a row.
        if (seen[id].LastRow != _row)
        {
            seen[id] = (seen[id].Rows + 1, _row);
        }
    }

    public TextVocabulary Build(int max, int minRows)
    {
        var kept = _words.Select(p => (Word: true, Term: p.Key, _wordRows[p.Value].Rows))
            .Concat(_chars.Select(p => (Word: false, Term: p.Key, _charRows[p.Value].Rows)))
            .Where(t => t.Rows >= minRows)
            .OrderByDescending(t => t.Rows).ThenByDescending(t => t.Word).ThenBy(t => t.Term, StringComparer.Ordinal)
            .Take(max)
            .ToList();
        return new TextVocabulary(ngrams.Words, ngrams.Chars,
            [.. kept.Where(t => t.Word).Select(t => t.Term).Order(StringComparer.Ordinal)],
            [.. kept.Where(t => !t.Word).Select(t => t.Term).Order(StringComparer.Ordinal)]);
    }
}
