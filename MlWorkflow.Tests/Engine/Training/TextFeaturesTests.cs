using System.Globalization;
using System.Text;
using System.Text.Json;
using MlWorkflow.Engine;
using MlWorkflow.Engine.Csv;
using MlWorkflow.Engine.Profiling;
using MlWorkflow.Engine.Suggestions;
using MlWorkflow.Engine.Targets;
using MlWorkflow.Engine.Training;
using MlWorkflow.Tests.Engine.Preprocessing;
using MlWorkflow.Tests.Infrastructure;

namespace MlWorkflow.Tests.Engine.Training;

/// <summary>
/// Text a text_features step marked becomes word and character n-gram counts in training (<see cref="TextVocabularyBuilder"/>,
/// <see cref="FeatureEncoder"/>), and the model package encodes raw text the same way; without the step text stays out.
/// </summary>
public sealed class TextFeaturesTests
{
    private static readonly string[] s_words =
        ["great", "product", "delivery", "slow", "fast", "quality", "price", "service", "box", "colour", "size", "works", "broken",
         "again", "would", "buy", "cheap", "late", "arrived", "nice", "small", "large", "battery", "screen", "cable", "gift"];

    private static readonly TextNgrams s_ngrams = new(2, 3);

    [Fact]
    public void NgramsAreLowerCasedWordsAndPaddedCharactersWithinWords()
    {
        var words = new List<string>();
        var chars = new List<string>();
        s_ngrams.Visit("Refund, PLEASE!", (word, term) => (word ? words : chars).Add(new string(term)));

        Assert.Equal(["refund", "please", "refund please"], words);
        Assert.Equal([" re", "ref", "efu", "fun", "und", "nd ", " pl", "ple", "lea", "eas", "ase", "se "], chars);
    }

    [Fact]
    public void AVocabularyKeepsTheNgramsInMostRowsFromTwoRowsOnAndEncodesLogCounts()
    {
        var builder = new TextVocabularyBuilder(new TextNgrams(1, 5));
        foreach (var row in new[] { "no no no", "no way", "way out", "unique" })
        {
            builder.Add(row);
        }

        var vocabulary = builder.Build(max: 3, minRows: 2);

        // In two rows each: "no", "way", and the padded words " no ", " way " (shorter than 5: one n-gram each); the cap
        // of 3 keeps words first on the tie, then the ordinal first character n-gram. Single rows' n-grams are left out.
        Assert.Equal(["no", "way"], vocabulary.Words);
        Assert.Equal([" no "], vocabulary.Chars);
        var encoder = new FeatureEncoder([new FeatureSpec("review", FeatureSpec.TextKind, Text: vocabulary)], [""]);
        Assert.Equal(["review~no", "review~way", "review~' no '"], encoder.SlotNames());
        Assert.Equal([MathF.Log(4), 0, MathF.Log(4)], encoder.EncodeRow(Row("no No NO")));
        Assert.Equal([0, MathF.Log(2), 0], encoder.EncodeRow(Row("Way, zebra")));
        Assert.Equal([0, 0, 0], encoder.EncodeRow(Row(null)));
        Assert.Equal([0, 0, 0], encoder.EncodeRow(Row("")));
    }

    [Fact]
    public async Task TheSameRowsMakeTheSameVocabularyInAnyOrder()
    {
        var csv = Reviews(300, seed: 5);
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var shuffled = lines[0] + "\n" + string.Concat(lines.Skip(1).Reverse().Select(line => line + "\n"));

        var first = await LoadAsync(csv, text: true);
        var again = await LoadAsync(csv, text: true);
        var reversed = await LoadAsync(shuffled, text: true);

        var vocabulary = first.Encoder.Features.Single(f => f.Name == "review").Text!;
        Assert.Equal(TrainingTable.MaxTextTerms, vocabulary.Count);
        Assert.Contains("refund", vocabulary.Words);
        Assert.Contains("ref", vocabulary.Chars);
        Assert.Equal(JsonSerializer.Serialize(first.Encoder.Features), JsonSerializer.Serialize(again.Encoder.Features));
        Assert.Equal(JsonSerializer.Serialize(first.Encoder.Features), JsonSerializer.Serialize(reversed.Encoder.Features));
        Assert.Equal(first.Features, again.Features);
    }

    /// <summary>The label is whether "refund" is in the review: only the text can tell, the number is noise.</summary>
    [Fact]
    [Slow]
    public async Task WithTheStepTheModelReadsTheTextAndWithoutItIgnoresIt()
    {
        var csv = Reviews(400, seed: 1);
        var withText = await LoadAsync(csv, text: true);
        var without = await LoadAsync(csv, text: false);

        var (read, _) = await TrainingTestKit.SearchAsync(withText, TrainingTestKit.Request(withText, [MlNetTrainers.LbfgsLogisticRegression, MlNetTrainers.LightGbm], maxTrials: 2));
        var (ignored, _) = await TrainingTestKit.SearchAsync(without, TrainingTestKit.Request(without, [MlNetTrainers.LbfgsLogisticRegression, MlNetTrainers.LightGbm], maxTrials: 2));

        Assert.Equal(1 + TrainingTable.MaxTextTerms, withText.Width);
        Assert.True(read.Score > 0.9, $"AUC {read.Score} with the text");
        Assert.Equal(["noise", "review"], read.FeatureImportance.Select(f => f.Feature).Order());
        Assert.Equal("review", read.FeatureImportance[0].Feature);
        Assert.Equal(1, without.Width);
        Assert.Equal(["review (text)"], without.Skipped);
        Assert.InRange(ignored.Score, 0.3, 0.7);
    }

    /// <summary>
    /// Through the preprocessor as the worker trains with steps: the fitted step keeps its n-gram sizes, the table reads the
    /// marked column as text, and the package saved and loaded encodes raw rows (unseen words included) as the table did.
    /// </summary>
    [Fact]
    [Slow]
    public async Task ThePackageEncodesRawTextAsTrainingDidAfterSaveAndLoad()
    {
        var csv = Reviews(300, seed: 2);
        var run = await PreprocessTestKit.RunAsync(csv, "label", """
            [{"op":"text_features","columns":["review"],"params":{"word_ngrams":1,"char_ngrams":4}}]
            """);
        var fitted = run.Result.Fitted.Steps.Single();
        Assert.Equal((1, 4), (fitted.Columns.Single().WordNgrams, fitted.Columns.Single().CharNgrams));
        var columns = PipelineColumns.Outputs(run.Result.Fitted);
        Assert.Equal(new TextNgrams(1, 4), columns.Single(c => c.Name == "review").TextFeatures);
        var output = Encoding.UTF8.GetBytes(string.Join(',', run.Header) + "\n" + string.Concat(run.Rows.Select(r => string.Join(',', r) + "\n")));
        var table = await TrainingTable.LoadAsync(new MemoryStream(output), new CsvDialect(',', CsvDialect.Utf8), columns, "label", TargetTasks.Binary, [""],
            null, TestContext.Current.CancellationToken);
        Assert.Equal(FeatureSpec.TextKind, table.Encoder.Features.Single(f => f.Name == "review").Kind);
        var request = TrainingTestKit.Request(table, [MlNetTrainers.LbfgsLogisticRegression], maxTrials: 1);
        var (result, _) = await TrainingTestKit.SearchAsync(table, request);
        var package = ModelPackage.Create(result, table, request, [run.Result.Fitted], PipelineColumns.InputSchema([run.Result.Fitted], table, columns), DateTimeOffset.UnixEpoch);

        using var stream = new MemoryStream();
        package.Save(stream);
        stream.Position = 0;
        var loaded = ModelPackage.Load(stream);

        Assert.Equal(ModelPackage.FormatVersion, loaded.Manifest.FormatVersion);
        var spec = loaded.Manifest.Features.Single(f => f.Name == "review");
        Assert.Equal(JsonSerializer.Serialize(table.Encoder.Features, EngineJson.Options), JsonSerializer.Serialize(loaded.Manifest.Features, EngineJson.Options));
        Assert.Equal((1, 4), (spec.Text!.WordNgrams, spec.Text.CharNgrams));
        // Short unique reviews profile as identifiers; the step makes them text all the same.
        Assert.Equal(ColumnType.Identifier, Assert.Single(loaded.Manifest.InputSchema, c => c.Name == "review").Type);
        var raw = TrainingTestKit.CsvRows(Encoding.UTF8.GetBytes(csv));
        for (var i = 0; i < 30; i++)
        {
            Assert.Equal(table.Row(i).ToArray(), loaded.Encode(raw[i]));
        }
        List<IReadOnlyDictionary<string, string?>> unseen =
        [
            Row("Zebra xylophone REFUND now", "0.5"),
            Row("zebra xylophone quietly", "0.5"),
            Row(null, "0.5"),
        ];
        var before = unseen.Select(package.Predict).ToList();
        var after = unseen.Select(loaded.Predict).ToList();
        Assert.Equal(before.Select(p => (p.Label, p.Probabilities!["yes"])), after.Select(p => (p.Label, p.Probabilities!["yes"])));
        Assert.Equal(["yes", "no"], after.Take(2).Select(p => p.Label));
    }

    /// <summary>Reviews of 3–7 words of a pool, half with "refund" somewhere (label yes), and a noise number.</summary>
    private static string Reviews(int rows, int seed)
    {
        var random = new Random(seed);
        var csv = new StringBuilder("review,noise,label\n");
        for (var i = 0; i < rows; i++)
        {
            var words = Enumerable.Range(0, random.Next(3, 8)).Select(_ => s_words[random.Next(s_words.Length)]).ToList();
            var refund = random.Next(2) == 0;
            if (refund)
            {
                words.Insert(random.Next(words.Count + 1), random.Next(3) == 0 ? "Refund" : "refund");
            }
            csv.Append(CultureInfo.InvariantCulture, $"\"{string.Join(' ', words)}.\",{random.NextDouble():0.####},{(refund ? "yes" : "no")}\n");
        }
        return csv.ToString();
    }

    private static async Task<TrainingTable> LoadAsync(string csv, bool text) =>
        await TrainingTable.LoadAsync(new MemoryStream(Encoding.UTF8.GetBytes(csv)), new CsvDialect(',', CsvDialect.Utf8),
            [new TableColumn("review", ColumnType.Text, text ? s_ngrams : null), new TableColumn("noise", ColumnType.Numeric), new TableColumn("label", ColumnType.Categorical)],
            "label", TargetTasks.Binary, [""], null, TestContext.Current.CancellationToken);

    private static Dictionary<string, string?> Row(string? review, string? noise = null) => new(StringComparer.Ordinal) { ["review"] = review, ["noise"] = noise };
}
