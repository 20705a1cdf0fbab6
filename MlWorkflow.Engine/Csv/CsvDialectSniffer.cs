namespace MlWorkflow.Engine.Csv;

/// <summary>Chooses the delimiter that splits the first lines of a file into the most consistent table.</summary>
internal static class CsvDialectSniffer
{
    private static readonly char[] s_candidates = [',', '\t', ';', '|'];

    /// <summary>Reads the decoded sniff window; when <paramref name="complete"/> it is the whole file, so its last record is whole too.</summary>
    public static char Detect(ReadOnlySpan<char> text, bool complete, CsvLimits limits)
    {
        char? best = null;
        (int Matching, int Width) bestScore = default;
        foreach (var candidate in s_candidates)
        {
            var counts = CountFields(text, candidate, complete, limits);
            if (counts.Count == 0 || counts[0] < 2)
            {
                continue;
            }
            // Rows agreeing with the header count most; a wider header breaks ties; earlier candidates win the rest.
            var score = (Matching: counts.Count(c => c == counts[0]), Width: counts[0]);
            if (best is null || score.Matching > bestScore.Matching
                || (score.Matching == bestScore.Matching && score.Width > bestScore.Width))
            {
                (best, bestScore) = (candidate, score);
            }
        }
        if (best is { } delimiter)
        {
            return delimiter;
        }
        if (LooksSpaceSeparated(text, complete))
        {
            throw CsvErrors.NoDelimiter();
        }
        return ',';   // a single column
    }

    private static List<int> CountFields(ReadOnlySpan<char> text, char delimiter, bool complete, CsvLimits limits)
    {
        var counter = new FieldCounter();
        var tokenizer = new CsvTokenizer(delimiter, '"', limits, counter) { Capture = true };
        counter.Tokenizer = tokenizer;
        try
        {
            tokenizer.Feed(text);
            if (complete)
            {
                tokenizer.Finish();
            }
        }
        catch (CsvFormatException)
        {
            // Reading the whole file reports this problem; the records before it still tell the delimiter.
        }
        return counter.Counts;
    }

    private static bool LooksSpaceSeparated(ReadOnlySpan<char> text, bool complete)
    {
        var lines = text.ToString().Split('\n');
        var widths = lines
            .Take(complete ? lines.Length : lines.Length - 1)
            .Where(line => !string.IsNullOrWhiteSpace(line))
            .Take(20)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Length)
            .ToList();
        return widths.Count >= 3 && widths[0] >= 3 && widths.All(width => width == widths[0]);
    }

    private sealed class FieldCounter : ICsvRecordHandler
    {
        public List<int> Counts { get; } = [];

        public CsvTokenizer? Tokenizer { get; set; }

        public void OnRecord(int fieldCount, long line, IReadOnlyList<string?> fields)
        {
            if (Counts.Count == 0)
            {
                if (CsvHeader.IsBlank(fields))
                {
                    return;
                }
                Tokenizer!.Capture = false;
            }
            Counts.Add(fieldCount);
        }
    }
}
