using System.Globalization;
using System.Text;
using MlWorkflow.Engine.Targets;
using Sylvan.Data.Csv;

namespace MlWorkflow.Benchmarks.Train;

/// <summary>
/// One seeded, stratified 80/20 split of a CSV into train and test files, cells copied as they are, so ours and the peer
/// read the same rows. Rows whose target is missing are left out of both (neither side can learn or score them).
/// Classification: each class gives round(20 %) of its rows, picked at random. Regression: the rows sorted by target are
/// taken five at a time and one of each five, at random, goes to test, so the test set spans the target's range.
/// </summary>
public sealed record TrainSplit(string TrainPath, string TestPath, int TrainRows, int TestRows, int MissingTargets)
{
    public const double TestShare = 0.2;

    public static TrainSplit Write(string source, string target, string task, IReadOnlySet<string> missingTokens, int seed, string directory)
    {
        var (header, rows) = Read(source);
        var targetIndex = Array.IndexOf(header, target);
        if (targetIndex < 0)
        {
            throw new ArgumentException($"{source} has no column '{target}'.", nameof(target));
        }
        var labelled = rows.Where(row => row[targetIndex].Trim() is var cell && cell.Length > 0 && !missingTokens.Contains(cell)).ToList();
        var random = new Random(seed);
        var test = new HashSet<int>();
        if (task == TargetTasks.Regression)
        {
            var order = Enumerable.Range(0, labelled.Count)
                .OrderBy(r => double.Parse(labelled[r][targetIndex], CultureInfo.InvariantCulture)).ThenBy(r => r).ToArray();
            var run = (int)Math.Round(1 / TestShare);
            for (var start = 0; start < order.Length; start += run)
            {
                // A short last run still gives a test row in proportion to its length.
                var pick = random.Next(run);
                if (start + pick < order.Length)
                {
                    test.Add(order[start + pick]);
                }
            }
        }
        else
        {
            foreach (var group in Enumerable.Range(0, labelled.Count).GroupBy(r => labelled[r][targetIndex].Trim()).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                var members = group.ToArray();
                random.Shuffle(members);
                test.UnionWith(members.Take((int)Math.Round(members.Length * TestShare, MidpointRounding.AwayFromZero)));
            }
        }
        var name = Path.GetFileNameWithoutExtension(source);
        var trainPath = Path.Combine(directory, $"{name}-train.csv");
        var testPath = Path.Combine(directory, $"{name}-test.csv");
        WriteCsv(trainPath, header, labelled.Where((_, r) => !test.Contains(r)));
        WriteCsv(testPath, header, labelled.Where((_, r) => test.Contains(r)));
        return new TrainSplit(trainPath, testPath, labelled.Count - test.Count, test.Count, rows.Count - labelled.Count);
    }

    /// <summary>The header and every row's cells as strings.</summary>
    public static (string[] Header, List<string[]> Rows) Read(string path)
    {
        using var reader = CsvDataReader.Create(path, new CsvDataReaderOptions { HasHeaders = true, Delimiter = ',' });
        var header = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToArray();
        var rows = new List<string[]>();
        while (reader.Read())
        {
            rows.Add([.. Enumerable.Range(0, header.Length).Select(reader.GetString)]);
        }
        return (header, rows);
    }

    private static void WriteCsv(string path, string[] header, IEnumerable<string[]> rows)
    {
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false));
        writer.Write(string.Join(',', header.Select(Quote)) + "\n");
        foreach (var row in rows)
        {
            writer.Write(string.Join(',', row.Select(Quote)) + "\n");
        }
    }

    private static string Quote(string cell) =>
        cell.AsSpan().IndexOfAny(",\"\r\n") < 0 ? cell : "\"" + cell.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
