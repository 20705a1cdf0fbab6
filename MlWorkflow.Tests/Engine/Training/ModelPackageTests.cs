using MlWorkflow.Engine.Targets;
using MlWorkflow.Engine.Training;
using MlWorkflow.Tests.Infrastructure;
using MlWorkflow.Tests.Engine.Preprocessing;

namespace MlWorkflow.Tests.Engine.Training;

/// <summary>A package saved and loaded predicts exactly what the search's models predicted, row by row and in batches.</summary>
[Slow]
public sealed class ModelPackageTests
{
    [Theory]
    [InlineData("titanic.csv", "survived", TargetTasks.Binary)]
    [InlineData("penguins.csv", "species", TargetTasks.Multiclass)]
    [InlineData("cars.csv", "Miles_per_Gallon", TargetTasks.Regression)]
    public async Task SaveLoadPredictsTheSame(string file, string target, string task)
    {
        var bytes = await File.ReadAllBytesAsync(TrainingTestKit.SamplePath(file), TestContext.Current.CancellationToken);
        var table = await TrainingTestKit.LoadAsync(bytes, target, task);
        var request = TrainingTestKit.Request(table, maxTrials: 4);
        var (result, _) = await TrainingTestKit.SearchAsync(table, request);
        var package = ModelPackage.Create(result, table, request, [], [], DateTimeOffset.UnixEpoch);
        using var stream = new MemoryStream();
        package.Save(stream);
        stream.Position = 0;
        var loaded = ModelPackage.Load(stream);

        Assert.Equal(package.Manifest.Members.Select(m => (m.Algorithm, m.Weight)), loaded.Manifest.Members.Select(m => (m.Algorithm, m.Weight)));
        Assert.Equal(table.Task, loaded.Manifest.Task);
        Assert.Equal(table.Encoder.Features.Count, loaded.Manifest.Reference.Features.Count);
        var before = package.PredictFeatures(table.Features, table.Rows);
        var after = loaded.PredictFeatures(table.Features, table.Rows);
        Assert.Equal(Flatten(before), Flatten(after));

        // Rows of cells, as an endpoint receives them, predict the same one by one and in a batch.
        var rows = TrainingTestKit.CsvRows(bytes).Take(25).ToList();
        var single = rows.Select(loaded.Predict).ToList();
        var batch = loaded.PredictBatch(rows);
        for (var i = 0; i < rows.Count; i++)
        {
            Assert.Equal(batch[i].Label, single[i].Label);
            Assert.Equal(Flatten([batch[i]]), Flatten([single[i]]), (a, b) => Math.Abs(a - b) < 1e-5);
        }
        if (task != TargetTasks.Regression)
        {
            Assert.All(batch, p => Assert.Equal(1.0, p.Probabilities!.Values.Sum(), 4));
        }
    }

    /// <summary>With a fitted pipeline in the package, raw cells go through its steps first: the same features as the table.</summary>
    [Fact]
    public async Task APipelineRunsInsideThePackage()
    {
        var (run, table, bytes) = await PreprocessTestKit.PenguinsThroughOneHotAsync();
        var request = TrainingTestKit.Request(table, maxTrials: 2);
        var (result, _) = await TrainingTestKit.SearchAsync(table, request);
        var package = ModelPackage.Create(result, table, request, [run.Result.Fitted], [], DateTimeOffset.UnixEpoch);

        var raw = TrainingTestKit.CsvRows(bytes).ToList();
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(table.Row(i).ToArray(), package.Encode(raw[i]));
        }
        Assert.Contains("island_Biscoe", table.Encoder.Features.Select(f => f.Name));
    }

    private static double[] Flatten(IEnumerable<ModelPrediction> predictions) =>
        [.. predictions.SelectMany(p => p.Probabilities?.Values ?? [p.Value!.Value])];
}
