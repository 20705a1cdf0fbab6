extern alias web;

using System.Text.Json;
using MlWorkflow.Engine;
using MlWorkflow.Engine.Preprocessing;
using static MlWorkflow.Tests.Engine.Preprocessing.PreprocessTestKit;
using FittedField = web::MlWorkflow.Web.Services.FittedField;
using FittedText = web::MlWorkflow.Web.Services.FittedText;
using FittedValues = web::MlWorkflow.Web.Services.FittedValues;

namespace MlWorkflow.Tests.Web;

/// <summary>
/// The words the dataset lineage and the model page show for what each step fitted. Steps are the Engine's own records
/// written as the worker stores them, so a renamed Engine field shows up here as the generic text instead of a sentence.
/// </summary>
public sealed class FittedTextTests
{
    private static IReadOnlyList<FittedField> Fields(string op, params FittedColumn[] columns) =>
        Fields(new FittedStep("s1", op, columns));

    private static IReadOnlyList<FittedField> Fields(FittedStep step) =>
        FittedValues.Fields(JsonSerializer.SerializeToElement(step, EngineJson.Options));

    private static IReadOnlyList<FittedField> Fields(string json) => FittedValues.Fields(JsonDocument.Parse(json).RootElement);

    private static string Text(string op, FittedColumn column) => Assert.Single(Fields(op, column)).Text;

    [Fact]
    public void ImputeSaysTheFillValueAndHowItWasChosen()
    {
        Assert.Equal(
            [new("Age", "Age", "← 28 (median)"), new("Embarked", "Embarked", "← \"S\" (most frequent)")],
            Fields("impute", new FittedColumn("Age") { Strategy = "median", FillNumber = 28 },
                new FittedColumn("Embarked") { Strategy = "most_frequent", FillText = "S" }));
        Assert.Equal("← -1 (constant)", Text("impute", new FittedColumn("x") { Strategy = "constant", FillNumber = -1 }));
        Assert.Equal("← \"\" (constant)", Text("impute", new FittedColumn("x") { Strategy = "constant", FillText = "" }));
    }

    [Fact]
    public void ImputeListsWhatElseCountsAsMissing()
    {
        Assert.Equal("← 29.6991 (mean); also treats infinite values and non-numeric text as missing",
            Text("impute", new FittedColumn("Age") { Strategy = "mean", FillNumber = 29.69911764705882, AlsoMissing = ["infinite", "non_numeric"] }));
        Assert.Equal("← 0 (median); also treats infinite values as missing",
            Text("impute", new FittedColumn("x") { Strategy = "median", FillNumber = 0, AlsoMissing = ["infinite"] }));
        Assert.Equal("← 0 (median); also treats \"n.a.\" as missing",
            Text("impute", new FittedColumn("x") { Strategy = "median", FillNumber = 0, AlsoMissing = ["n.a."] }));
    }

    [Fact]
    public void ScalingShowsTheFormulaWithItsSign()
    {
        Assert.Equal("(x − 33.2942) / 51.7544", Text("standard_scale", new FittedColumn("Fare") { Center = 33.29420928, Scale = 51.75436634 }));
        Assert.Equal("(x + 2.5) / 4", Text("robust_scale", new FittedColumn("t") { Center = -2.5, Scale = 4 }));
        Assert.Equal("x / 0.5", Text("robust_scale", new FittedColumn("t") { Center = 0, Scale = 0.5 }));
    }

    [Fact]
    public void MinMaxShowsTheRangeMappedOntoZeroToOne()
    {
        Assert.Equal("0 … 512.3292 → 0 … 1", Text("minmax_scale", new FittedColumn("Fare") { Min = 0, Max = 512.3292 }));
        Assert.Equal("-40 … 1.2E+10 → 0 … 1", Text("minmax_scale", new FittedColumn("v") { Min = -40, Max = 1.2e10 }));
    }

    [Fact]
    public void ClipShowsItsBounds() =>
        Assert.Equal("clipped to [-26.724, 65.6345]", Text("clip_outliers", new FittedColumn("Fare") { Lower = -26.724, Upper = 65.63448 }));

    [Fact]
    public void OneHotCountsItsColumnsAndNamesTheCategories()
    {
        Assert.Equal("→ 2 columns: female, male",
            Text("one_hot", new FittedColumn("Sex") { Categories = ["female", "male"], Outputs = ["Sex_female", "Sex_male"] }));
        Assert.Equal("→ 3 columns: 1, 2.5, and one for missing values",
            Text("one_hot", new FittedColumn("n") { NumberCategories = [1, 2.5], MissingCategory = true, Outputs = ["n_1.0", "n_2.5", "n_nan"] }));
        Assert.Equal("→ 1 column: (empty)", Text("one_hot", new FittedColumn("e") { Categories = [""], Outputs = ["e_"] }));
    }

    [Fact]
    public void ManyCategoriesAreCutAfterEight()
    {
        List<string> categories = [.. Enumerable.Range(0, 20).Select(i => $"c{i:00}")];

        Assert.Equal("→ 20 columns: c00, c01, c02, c03, c04, c05, c06, c07 + 12 more",
            Text("one_hot", new FittedColumn("c") { Categories = categories, Outputs = [.. categories.Select(c => $"c_{c}")] }));
        Assert.Equal("c00 → 0, c01 → 1, c02 → 2, c03 → 3, c04 → 4, c05 → 5, c06 → 6, c07 → 7 + 12 more",
            Text("ordinal_encode", new FittedColumn("c") { Categories = categories }));
        Assert.Equal("a → 0, b → 1, c → 2, d → 3, e → 4, f → 5, g → 6, h → 7",
            Text("ordinal_encode", new FittedColumn("c") { Categories = ["a", "b", "c", "d", "e", "f", "g", "h"] }));
    }

    [Fact]
    public void OrdinalEncodeGivesEachCategoryItsCode()
    {
        Assert.Equal("First → 0, Second → 1, Third → 2", Text("ordinal_encode", new FittedColumn("Class") { Categories = ["First", "Second", "Third"] }));
        Assert.Equal("-Infinity → 0, 3 → 1, 0.5 → 2",
            Text("ordinal_encode", new FittedColumn("n") { NumberCategories = [double.NegativeInfinity, 3, 0.5] }));
    }

    [Fact]
    public void DatePartsListsItsOutputs() =>
        Assert.Equal("→ Date_year, Date_month, Date_day_of_week",
            Text("date_parts", new FittedColumn("Date") { Parts = ["year", "month", "day_of_week"], Outputs = ["Date_year", "Date_month", "Date_day_of_week"] }));

    [Fact]
    public void TextFeaturesSaysTheNgramSizes()
    {
        Assert.Equal("n-grams of 1–2 words and of 3 characters", Text("text_features", new FittedColumn("Name") { WordNgrams = 2, CharNgrams = 3 }));
        Assert.Equal("n-grams of 1 word and of 1 character", Text("text_features", new FittedColumn("Name") { WordNgrams = 1, CharNgrams = 1 }));
        Assert.Equal("n-grams of 5 characters", Text("text_features", new FittedColumn("Name") { CharNgrams = 5 }));
    }

    [Fact]
    public void RowFiltersSayHowManyRowsTheyRemoved()
    {
        Assert.Equal([new("rowsRemoved", "removed", "12 rows")], Fields(new FittedStep("s1", "drop_duplicates", [], RowsRemoved: 12)));
        Assert.Equal([new("rowsRemoved", "removed", "1 row")], Fields(new FittedStep("s1", "drop_missing_target", [], RowsRemoved: 1)));
        Assert.Equal([new("rowsRemoved", "removed", "12,345 rows")], Fields(new FittedStep("s1", "drop_duplicates", [], RowsRemoved: 12345)));
    }

    [Fact]
    public void ColumnsWithNothingFittedShowNothing()
    {
        Assert.Empty(Fields("drop_columns", new FittedColumn("Cabin")));
        Assert.Empty(Fields("log_transform", new FittedColumn("Fare")));
    }

    [Fact]
    public void UnknownOpsAndFieldsKeepTheGenericText()
    {
        Assert.Equal([new("x", "x", "p = 0.05, bounds = [1, 2.5]"), new("seed", "seed", "3")],
            Fields("""{"id":"s1","op":"winsorize","columns":[{"name":"x","p":0.05,"bounds":[1,2.5]}],"seed":3}"""));
        // A field the Engine adds to a known op is still shown, after the sentence.
        Assert.Equal([new("Age", "Age", "← 28 (median); indicator = true, source = train")],
            Fields("""{"id":"s1","op":"impute","columns":[{"name":"Age","strategy":"median","fillNumber":28,"indicator":true,"source":"train"}]}"""));
        // A known op without the fields its sentence needs, or with them in another shape, is described field by field.
        Assert.Equal([new("Age", "Age", "fill = 28, strategy = median")],
            Fields("""{"id":"s1","op":"impute","columns":[{"name":"Age","fill":28,"strategy":"median"}]}"""));
        Assert.Equal([new("Fare", "Fare", "center = 1, scale = wide")],
            Fields("""{"id":"s1","op":"standard_scale","columns":[{"name":"Fare","center":1,"scale":"wide"}]}"""));
        Assert.Equal([new("rowsRemoved", "rowsRemoved", "many")], Fields("""{"id":"s1","op":"drop_duplicates","columns":[],"rowsRemoved":"many"}"""));
        Assert.Equal([new("value", "value", "[1, 2]")], Fields("[1,2]"));
    }

    [Fact]
    public void LongCategoriesAreShortened()
    {
        List<string> categories = [.. Enumerable.Range(0, 5).Select(i => new string((char)('a' + i), 100))];

        var text = Text("one_hot", new FittedColumn("long") { Categories = categories });

        Assert.Equal(240, text.Length);
        Assert.StartsWith("→ 5 columns: " + categories[0], text);
        Assert.EndsWith("…", text);
    }

    [Fact]
    public void ListCutsAtMaxListed()
    {
        Assert.Equal("", FittedText.List([]));
        Assert.Equal("a", FittedText.List(["a"]));
        Assert.Equal(string.Join(", ", Enumerable.Range(0, FittedText.MaxListed)) + " + 1 more",
            FittedText.List([.. Enumerable.Range(0, FittedText.MaxListed + 1).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))]));
    }

    /// <summary>A pipeline the Engine really ran, read back the way the lineage reads it: each step found by id, in words.</summary>
    [Fact]
    public async Task AFittedPipelineFromTheEngineReadsAsSentences()
    {
        var run = await RunAsync(
            Table(
                ("y", ["yes", "no", "yes", "no", "yes", "no", "yes"]),
                ("age", ["22", "NA", "30", "28", "", "40", "22"]),
                ("fare", ["1", "2", "3", "4", "5", "6", "1"]),
                ("sex", ["female", "male", "male", "", "female", "male", "female"]),
                ("cls", ["Third", "First", "Second", "Third", "First", "Third", "Third"])),
            "y",
            """
            [{"op":"drop_duplicates","columns":[]},
             {"op":"impute","columns":["age"],"params":{"strategy":"median"}},
             {"op":"impute","columns":["sex"],"params":{"strategy":"most_frequent"}},
             {"op":"minmax_scale","columns":["fare"]},
             {"op":"one_hot","columns":["sex"]},
             {"op":"ordinal_encode","columns":["cls"]}]
            """);
        using var lineage = JsonDocument.Parse(run.Result.Fitted.ToJson());

        IReadOnlyList<FittedField> Step(string id) => FittedValues.Fields(FittedValues.ForStep(lineage.RootElement, id) ?? throw new KeyNotFoundException(id));

        Assert.Equal([new("rowsRemoved", "removed", "1 row")], Step("s0"));
        Assert.Equal([new("age", "age", "← 29 (median)")], Step("s1"));
        Assert.Equal([new("sex", "sex", "← \"male\" (most frequent)")], Step("s2"));
        Assert.Equal([new("fare", "fare", "1 … 6 → 0 … 1")], Step("s3"));
        Assert.Equal([new("sex", "sex", "→ 2 columns: female, male")], Step("s4"));
        Assert.Equal([new("cls", "cls", "First → 0, Second → 1, Third → 2")], Step("s5"));
    }
}
