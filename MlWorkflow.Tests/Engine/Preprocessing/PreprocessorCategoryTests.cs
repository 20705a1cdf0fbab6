using System.Globalization;
using MlWorkflow.Engine.Preprocessing;
using static MlWorkflow.Tests.Engine.Preprocessing.PreprocessTestKit;

namespace MlWorkflow.Tests.Engine.Preprocessing;

/// <summary>Encoders, dates and row filters on crafted columns; predict-time rows through the fitted pipeline.</summary>
public sealed class PreprocessorCategoryTests
{
    private static string[] Y(int rows) => [.. Enumerable.Range(0, rows).Select(i => i % 2 == 0 ? "yes" : "no")];

    [Fact]
    public async Task OneHotSortsCategoriesPutsMissingLastAndZeroesUnknownAtPredictTime()
    {
        var run = await RunAsync(Table(("y", Y(6)), ("c", ["pear", "apple", "", "fig", "apple", "pear"]), ("n", ["3", "1", "3", "8", "1", "1"]),
            ("f", ["3", "1", "NA", "8", "1", "1"])), "y", """[{"op":"one_hot","columns":["c","n","f"]}]""");

        Assert.Equal(["y", "c_apple", "c_fig", "c_pear", "c_nan", "n_1", "n_3", "n_8", "f_1.0", "f_3.0", "f_8.0", "f_nan"], run.Header);
        Assert.Equal(["0", "0", "1", "0"], run.Rows[0][1..5]);
        Assert.Equal(["0", "0", "0", "1"], run.Rows[2][1..5]);
        Assert.Equal(["0", "0", "0", "1"], run.Rows[2][8..12]);
        var predicted = run.Result.Fitted.TransformRow(new Dictionary<string, string?> { ["c"] = "kiwi", ["n"] = "2", ["f"] = "8" });
        Assert.Equal([null, "0", "0", "0", "0", "0", "0", "0", "0", "0", "1", "0"], predicted);
    }

    [Fact]
    public async Task OrdinalEncodeCodesLexicallyOrByFrequencyAndKeepsMissing()
    {
        string[] c = ["b", "c", "c", "", "a", "c", "b"];

        var run = await RunAsync(Table(("y", Y(7)), ("lex", c), ("freq", c)), "y",
            """[{"op":"ordinal_encode","columns":["lex"]},{"op":"ordinal_encode","columns":["freq"],"params":{"order":"frequency"}}]""");

        Assert.Equal(["1", "2", "2", "", "0", "2", "1"], run.Column("lex"));
        Assert.Equal(["1", "0", "0", "", "2", "0", "1"], run.Column("freq"));
        Assert.Equal([null, "-1", "-1"], run.Result.Fitted.TransformRow(new Dictionary<string, string?> { ["lex"] = "z", ["freq"] = "z" }));
        Assert.Equal([null, null, "0"], run.Result.Fitted.TransformRow(new Dictionary<string, string?> { ["freq"] = "c" }));
    }

    [Fact]
    public async Task TextFeaturesPassTheTextOnForTrainingAfterTheStepsBeforeIt()
    {
        // Free text, one value per row; its n-grams are made at training time, so here the text is written as it was read.
        string[] plain = [.. Enumerable.Range(0, 30).Select(i => i == 4 ? "NA" : $"plain note {i} about item {i * 7}")];
        string[] filled = [.. Enumerable.Range(0, 30).Select(i => i % 10 == 2 ? "" : $"second note {i * 3} with words")];
        string[] x = [.. Enumerable.Range(0, 30).Select(i => i == 9 ? "NA" : (i * 1.5).ToString(CultureInfo.InvariantCulture))];

        var run = await RunAsync(Table(("y", Y(30)), ("plain", plain), ("filled", filled), ("x", x)), "y", """
            [{"op":"impute","columns":["filled"],"params":{"strategy":"constant","fill_value":"(no note)"}},
             {"op":"text_features","columns":["plain","filled"],"params":{"word_ngrams":2,"char_ngrams":3}},
             {"op":"standard_scale","columns":["x"]}]
            """);

        Assert.Equal(["y", "plain", "filled", "x"], run.Header);
        Assert.Equal(plain.Select(v => v == "NA" ? "" : v), run.Column("plain"));
        Assert.Equal(filled.Select(v => v.Length == 0 ? "(no note)" : v), run.Column("filled"));
        var numbers = Enumerable.Range(0, 30).Where(i => i != 9).Select(i => i * 1.5).ToArray();
        var mean = numbers.Average();
        var std = Math.Sqrt(numbers.Sum(v => (v - mean) * (v - mean)) / numbers.Length);
        Assert.Equal((12 * 1.5 - mean) / std, double.Parse(run.Column("x")[12], CultureInfo.InvariantCulture), 12);
        var text = run.Result.Fitted.Steps[1];
        Assert.Equal("text_features", text.Op);
        // The fitted step keeps the n-gram sizes training counts.
        Assert.Equal([new FittedColumn("plain") { WordNgrams = 2, CharNgrams = 3 }, new FittedColumn("filled") { WordNgrams = 2, CharNgrams = 3 }], text.Columns);
        Assert.Contains(run.Progress.Logs, log => log.Message == "text_features `plain`, `filled`: passed through as text here; training turns it into word and character n-gram features");
        // At predict time too: text never seen passes on, and a missing value gets the fill of the step before.
        var predicted = run.Result.Fitted.TransformRow(new Dictionary<string, string?> { ["plain"] = "words never seen", ["filled"] = "NA" });
        Assert.Equal(["words never seen", "(no note)"], predicted.Skip(1).Take(2));
    }

    [Fact]
    public async Task DatePartsSplitDatesWithMondayAsZero()
    {
        var run = await RunAsync(Table(("y", Y(4)), ("d", ["2024-01-01", "2024-01-07T13:45:00", "", "2023-12-31 08:05"])), "y",
            """[{"op":"date_parts","columns":["d"],"params":{"parts":["year","month","day","day_of_week","hour","minute"]}}]""");

        Assert.Equal(["y", "d_year", "d_month", "d_day", "d_day_of_week", "d_hour", "d_minute"], run.Header);
        Assert.Equal(["2024", "1", "1", "0", "0", "0"], run.Rows[0][1..]);
        Assert.Equal(["2024", "1", "7", "6", "13", "45"], run.Rows[1][1..]);
        Assert.Equal(["", "", "", "", "", ""], run.Rows[2][1..]);
        Assert.Equal(["2023", "12", "31", "6", "8", "5"], run.Rows[3][1..]);
    }

    [Fact]
    public async Task RowFiltersDropDuplicatesAndMissingTargetsWhileFittingOnly()
    {
        var csv = Table(("y", ["yes", "no", "yes", "", "no", "yes"]), ("x", ["1.5", "2", "1.5", "4", "2.5", "1.5"]), ("z", ["a", "b", "a", "a", "b", "c"]));

        var run = await RunAsync(csv, "y", """
            [{"op":"drop_duplicates","columns":[]},{"op":"drop_missing_target","columns":["y"]},
             {"op":"drop_columns","columns":["z"],"params":{"reason":"test"}},{"op":"standard_scale","columns":["x"]}]
            """);

        Assert.Equal((6L, 4L), (run.Result.RowsIn, run.Result.RowsOut));
        Assert.Equal(["y", "x"], run.Header);
        Assert.Equal(["yes", "no", "no", "yes"], run.Column("y"));
        Assert.Equal((1L, 1L), (run.Result.Fitted.Steps[0].RowsRemoved, run.Result.Fitted.Steps[1].RowsRemoved));
        Assert.Equal(1.875, run.Result.Fitted.Steps[3].Columns[0].Center);
        Assert.Contains(run.Progress.Logs, log => log.Message == "drop_duplicates: 1 row removed (each repeated an earlier row exactly)");
    }

    [Fact]
    public async Task ImputeConstantThenOneHotMakesTheFillACategory()
    {
        var run = await RunAsync(Table(("y", Y(5)), ("c", ["b", "", "a", "NA", "b"])), "y",
            """[{"op":"impute","columns":["c"],"params":{"strategy":"constant","fill_value":"__missing__"}},{"op":"one_hot","columns":["c"]}]""");

        Assert.Equal(["y", "c___missing__", "c_a", "c_b"], run.Header);
        Assert.Equal(["0", "1", "0", "1", "0"], run.Column("c___missing__"));
    }
}
