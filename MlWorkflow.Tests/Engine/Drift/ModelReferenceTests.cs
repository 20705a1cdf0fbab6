using MlWorkflow.Engine.Drift;
using MlWorkflow.Engine.Suggestions;
using MlWorkflow.Engine.Targets;
using MlWorkflow.Engine.Training;
using MlWorkflow.Tests.Engine.Preprocessing;
using MlWorkflow.Tests.Engine.Training;
using MlWorkflow.Tests.Infrastructure;

namespace MlWorkflow.Tests.Engine.Drift;

/// <summary>
/// A trained package's reference: one entry per input column the model reads even through one_hot, the predictions'
/// distribution on the training rows, kept through save and load; and drift checks of rows the package itself predicted.
/// </summary>
[Slow]
public sealed class ModelReferenceTests
{
    [Fact]
    public async Task AModelThroughAOneHotStepHasOneReferencePerInputColumn()
    {
        var (run, table, bytes) = await PreprocessTestKit.PenguinsThroughOneHotAsync();
        var package = await TrainAsync(table, [run.Result.Fitted], PipelineColumns.InputSchema([run.Result.Fitted], table, PipelineColumns.Outputs(run.Result.Fitted)));
        var loaded = SaveAndLoad(package);
        var reference = loaded.Manifest.Reference;

        Assert.Equal(2, loaded.Manifest.FormatVersion);
        Assert.Contains("island_Biscoe", table.Encoder.Features.Select(f => f.Name));
        Assert.Equal(["bill_depth_mm", "bill_length_mm", "body_mass_g", "flipper_length_mm", "island", "sex", "year"],
            reference.Features.Select(f => f.Name).Order(StringComparer.Ordinal));
        Assert.Subset(loaded.Manifest.InputSchema.Select(c => c.Name).ToHashSet(), reference.Features.Select(f => f.Name).ToHashSet());
        var island = DriftTestKit.Feature(reference, "island");
        Assert.Equal(FeatureSpec.Category, island.Kind);
        Assert.Equal(["Biscoe", "Dream", "Torgersen"], island.Category!.Categories.Order(StringComparer.Ordinal));
        Assert.Equal(344, island.Category.Counts.Sum());
        // Raw values, before the impute and scale steps: the two missing bill lengths are still missing, the values unscaled.
        var bill = DriftTestKit.Feature(reference, "bill_length_mm");
        Assert.Equal(2 / 344.0, bill.MissingRate, 9);
        Assert.InRange(bill.Number!.Mean, 43, 45);
        Assert.Equal(11 / 344.0, DriftTestKit.Feature(reference, "sex").MissingRate, 9);
        Assert.All(loaded.Manifest.Pipelines, p => Assert.Null(p.InputReference));
        AssertPredictionShares(reference, loaded.Manifest.Labels!, table.Rows);

        var rows = DriftTestKit.Draw(DriftTestKit.TrainingRows("penguins.csv", "species"), 1_000);
        var calm = DriftCalculator.Compute(reference, Logged(loaded, rows));
        Assert.Empty(calm.Alerts());
        Assert.False(calm.Prediction!.Drifted);

        DriftTestKit.Shift(rows, "flipper_length_mm", 2 * DriftTestKit.Feature(reference, "flipper_length_mm").Number!.Std);
        DriftTestKit.SetAll(rows, "island", "Torgersen");
        var drifted = DriftCalculator.Compute(reference, Logged(loaded, rows));
        Assert.Equal(["flipper_length_mm", "island"], drifted.Alerts().Where(a => a.Feature is not null).Select(a => a.Feature!).Distinct().Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task PredictionsDriftWhenTheInputsThatMatterDo()
    {
        var table = await TrainingTestKit.SampleAsync("titanic.csv", "survived", TargetTasks.Binary);
        var package = SaveAndLoad(await TrainAsync(table, [], []));
        var reference = package.Manifest.Reference;
        Assert.Equal(table.InputReference.Features.Select(f => f.Name), reference.Features.Select(f => f.Name));
        AssertPredictionShares(reference, package.Manifest.Labels!, table.Rows);
        var rows = DriftTestKit.Draw(DriftTestKit.TrainingRows("titanic.csv", "survived"), 1_000);

        var calm = DriftCalculator.Compute(reference, Logged(package, rows));
        DriftTestKit.SetAll(rows, "sex", "male");
        var drifted = DriftCalculator.Compute(reference, Logged(package, rows));

        Assert.Empty(calm.Alerts());
        Assert.True(calm.Prediction!.Distance < 0.05, $"prediction distance {calm.Prediction.Distance}");
        Assert.Contains(drifted.Alerts(), a => a is { Feature: null, Metric: DriftMetrics.Prediction });
        var yes = drifted.Prediction!.Histogram!.Labels!.ToList().IndexOf("yes");
        Assert.True(drifted.Prediction.Histogram.Current[yes] < drifted.Prediction.Histogram.Reference[yes] / 2, "fewer men are predicted to survive");
    }

    [Fact]
    public async Task ARegressionReferenceSketchesThePredictedValues()
    {
        var table = await TrainingTestKit.SampleAsync("cars.csv", "Miles_per_Gallon", TargetTasks.Regression);
        var package = await TrainAsync(table, [], []);
        var prediction = package.Manifest.Reference.Prediction!;

        Assert.Equal(FeatureSpec.Number, prediction.Kind);
        Assert.Equal(table.Rows, prediction.Number!.Count);
        Assert.Equal(table.Rows, prediction.Number.Counts.Sum());
        Assert.InRange(prediction.Number.Mean, table.Labels.Average() - 1, table.Labels.Average() + 1);
    }

    private static async Task<ModelPackage> TrainAsync(TrainingTable table, IReadOnlyList<MlWorkflow.Engine.Preprocessing.FittedPipeline> pipelines, IReadOnlyList<InputColumn> inputs)
    {
        var request = TrainingTestKit.Request(table, [MlNetTrainers.LightGbm], maxTrials: 2);
        var (result, _) = await TrainingTestKit.SearchAsync(table, request);
        return ModelPackage.Create(result, table, request, pipelines, inputs, DateTimeOffset.UnixEpoch);
    }

    private static ModelPackage SaveAndLoad(ModelPackage package)
    {
        using var stream = new MemoryStream();
        package.Save(stream);
        stream.Position = 0;
        return ModelPackage.Load(stream);
    }

    private static void AssertPredictionShares(ReferenceSummary reference, IReadOnlyList<string> labels, int rows)
    {
        var prediction = reference.Prediction!;
        Assert.Equal(ReferenceSummary.PredictionName, prediction.Name);
        Assert.Equal(FeatureSpec.Category, prediction.Kind);
        Assert.Equal(labels.Order(StringComparer.Ordinal), prediction.Category!.Categories.Order(StringComparer.Ordinal));
        Assert.Equal(rows, prediction.Category.Counts.Sum());
        Assert.Equal(1.0, prediction.Category.Counts.Sum(c => (double)c / rows), 12);
    }

    private static List<LoggedRow> Logged(ModelPackage package, List<Dictionary<string, string?>> rows)
    {
        var predictions = package.PredictBatch(rows);
        return [.. rows.Select((row, i) => new LoggedRow(row, predictions[i]))];
    }
}
