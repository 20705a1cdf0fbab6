using System.Text.Json;
using MlWorkflow.Engine.Profiling;
using MlWorkflow.Engine.Suggestions;
using MlWorkflow.Engine.Targets;
using static MlWorkflow.Tests.Engine.Alerts.CraftedProfiles;

namespace MlWorkflow.Tests.Engine.Suggestions;

public sealed class PipelineSuggesterTests
{
    private static PipelineStep StepWith(PipelineSuggestion pipeline, string op, string column) =>
        Assert.Single(pipeline.Steps, step => step.Op == op && step.Columns.Contains(column));

    private static string Strategy(PipelineStep step) => step.Params["strategy"].GetString()!;

    [Fact]
    public void SuggestImputesSkewedWithMedianSymmetricWithMeanCategoriesWithMostFrequent()
    {
        var profile = Profile(500,
            Number("age", 500, missing: 100) with { Skewness = 1.9 },
            Number("height", 500, missing: 10),
            Category("city", 500, ("Paris", 300), ("Lyon", 190)),
            Category("label", 500, ("yes", 250), ("no", 250)));

        var pipeline = PipelineSuggester.Suggest(profile, "label");

        var age = StepWith(pipeline, PipelineOps.Impute, "age");
        Assert.Equal("median", Strategy(age));
        Assert.Equal("`age` is 20% missing and skewed (1.9): impute with the median", age.Rationale);
        Assert.Equal("mean", Strategy(StepWith(pipeline, PipelineOps.Impute, "height")));
        var city = StepWith(pipeline, PipelineOps.Impute, "city");
        Assert.Equal("most_frequent", Strategy(city));
        Assert.Contains("most often \"Paris\"", city.Rationale, StringComparison.Ordinal);
        Assert.All(pipeline.Steps, step => Assert.DoesNotContain("label", step.Columns));
        Assert.All(pipeline.Steps, step => Assert.True(step.Enabled));
        Assert.All(pipeline.Steps, step => Assert.InRange(step.Confidence, 0, 1));
    }

    [Fact]
    public void SuggestTransformsHeavySkewClipsOutliersAndScalesByDistribution()
    {
        var profile = Profile(1000,
            Number("income", 1000) with { Min = 0, Max = 900_000, Skewness = 4.2 },
            Number("temperature", 1000) with { Min = -30, Max = 400, Quantiles = new(5, 8, 12, 15, 18, 25, 30) },
            Number("ratio", 1000) with { Min = 0, Max = 1, Quantiles = new(0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99) },
            Number("height", 1000),
            Category("label", 1000, ("yes", 500), ("no", 500)));

        var pipeline = PipelineSuggester.Suggest(profile, null);

        Assert.Equal(("label", TargetTasks.Binary), (pipeline.Target, pipeline.Task));
        Assert.Equal(["income"], Assert.Single(pipeline.Steps, step => step.Op == PipelineOps.LogTransform).Columns);
        Assert.Contains("skewness 4.2", StepWith(pipeline, PipelineOps.LogTransform, "income").Rationale, StringComparison.Ordinal);
        var clip = Assert.Single(pipeline.Steps, step => step.Op == PipelineOps.ClipOutliers);
        Assert.Equal(["temperature"], clip.Columns);
        Assert.Contains("middle half is 12–18", clip.Rationale, StringComparison.Ordinal);
        StepWith(pipeline, PipelineOps.RobustScale, "temperature");
        StepWith(pipeline, PipelineOps.MinMaxScale, "ratio");
        var standard = Assert.Single(pipeline.Steps, step => step.Op == PipelineOps.StandardScale);
        Assert.Equal(["income", "height"], standard.Columns);
    }

    [Fact]
    public void SuggestDropsIdentifiersConstantsAndLeakyColumns()
    {
        string[] names = ["id", "const", "x", "label_copy", "label"];
        var profile = Profile(100,
            Number("id", 100) with { Type = ColumnType.Identifier },
            Category("const", 100, ("a", 100)) with { Type = ColumnType.Constant },
            Number("x", 100),
            Category("label_copy", 100, ("y", 59), ("n", 41)),
            Category("label", 100, ("yes", 60), ("no", 40))) with { Correlations = Matrix(names, ("label_copy", "label", 0.97)) };

        var pipeline = PipelineSuggester.Suggest(profile, "label");

        var drops = pipeline.Steps.Where(step => step.Op == PipelineOps.DropColumns).ToDictionary(step => step.Params["reason"].GetString()!, step => step.Columns);
        Assert.Equal(["const"], drops["constant"]);
        Assert.Equal(["id"], drops["identifier"]);
        Assert.Equal(["label_copy"], drops["target_leakage"]);
        Assert.Contains("association 0.97", StepWith(pipeline, PipelineOps.DropColumns, "label_copy").Rationale, StringComparison.Ordinal);
        Assert.DoesNotContain(pipeline.Steps, step => step.Op != PipelineOps.DropColumns && step.Columns.Intersect(["id", "const", "label_copy"]).Any());
    }

    [Fact]
    public void SuggestStepIdsDependOnlyOnOpAndColumns()
    {
        var first = PipelineSuggester.Suggest(Profile(100, Number("a", 100, missing: 5), Number("b", 100, missing: 9), Category("label", 100, ("y", 50), ("n", 50))), "label");
        var second = PipelineSuggester.Suggest(Profile(300, Number("b", 300, missing: 20) with { Skewness = 0.5 }, Number("a", 300, missing: 7), Category("label", 300, ("y", 150), ("n", 150))), "label");

        var impute = StepWith(first, PipelineOps.Impute, "a");
        Assert.Equal(impute.Id, StepWith(second, PipelineOps.Impute, "a").Id);
        Assert.StartsWith("impute-", impute.Id, StringComparison.Ordinal);
        Assert.NotEqual(impute.Id, StepWith(first, PipelineOps.StandardScale, "a").Id);
        Assert.Equal(first.Steps.Count, first.Steps.Select(step => step.Id).Distinct().Count());
    }

    [Fact]
    public void SuggestRejectsUnknownAndUnusableTargets()
    {
        var profile = Profile(100, Number("id", 100) with { Type = ColumnType.Identifier }, Number("x", 100));

        Assert.Contains("choose one of: id, x", Assert.Throws<ArgumentException>(() => PipelineSuggester.Suggest(profile, "y")).Message, StringComparison.Ordinal);
        Assert.Contains("cannot be a target", Assert.Throws<ArgumentException>(() => PipelineSuggester.Suggest(profile, "id")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SuggestionSerialisesAsTheContract()
    {
        var pipeline = PipelineSuggester.Suggest(Profile(100, Number("age", 100, missing: 3), Category("label", 100, ("y", 50), ("n", 50))), "label");

        using var json = JsonDocument.Parse(JsonSerializer.Serialize(pipeline, JsonSerializerOptions.Web));

        Assert.Equal(["target", "task", "steps"], json.RootElement.EnumerateObject().Select(property => property.Name));
        var step = json.RootElement.GetProperty("steps")[0];
        Assert.Equal(["id", "op", "columns", "params", "confidence", "rationale", "enabled"], step.EnumerateObject().Select(property => property.Name));
        Assert.Equal(("impute", "mean"), (step.GetProperty("op").GetString(), step.GetProperty("params").GetProperty("strategy").GetString()));
        var back = JsonSerializer.Deserialize<PipelineSuggestion>(json.RootElement.GetRawText(), JsonSerializerOptions.Web)!;
        Assert.Equal(pipeline.Steps[0].Id, back.Steps[0].Id);
    }
}
