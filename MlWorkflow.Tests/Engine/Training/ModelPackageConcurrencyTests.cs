using MlWorkflow.Engine.Targets;
using MlWorkflow.Engine.Training;
using MlWorkflow.Tests.Infrastructure;

namespace MlWorkflow.Tests.Engine.Training;

/// <summary>A package predicts from many threads at once (pooled engines, no lock) exactly what it predicts from one.</summary>
[Slow]
public sealed class ModelPackageConcurrencyTests
{
    [Theory]
    [InlineData("penguins.csv", "species", TargetTasks.Multiclass)]
    [InlineData("diabetes.csv", "target", TargetTasks.Regression)]
    public async Task ConcurrentPredictionsEqualSequentialOnes(string file, string target, string task)
    {
        var table = await TrainingTestKit.SampleAsync(file, target, task);
        var request = TrainingTestKit.Request(table, maxTrials: 3);
        var (result, _) = await TrainingTestKit.SearchAsync(table, request);
        var package = ModelPackage.Create(result, table, request, [], [], DateTimeOffset.UnixEpoch);
        var width = table.Width;
        var rows = Enumerable.Range(0, table.Rows).Select(r => table.Features.AsSpan(r * width, width).ToArray()).ToList();
        var expected = rows.Select(row => Flatten(package.PredictFeatures(row, 1)[0])).ToList();

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(worker => Task.Run(() =>
        {
            // Each worker in its own order, with single rows and small batches mixed.
            var order = Enumerable.Range(0, rows.Count).OrderBy(r => (r * 7919 + worker * 104729) % rows.Count).ToList();
            var answers = new Dictionary<int, double[]>();
            for (var i = 0; i < order.Count; i += 3)
            {
                var chunk = order.Skip(i).Take(worker % 2 == 0 ? 1 : 3).ToList();
                var predictions = package.PredictFeatures([.. chunk.SelectMany(r => rows[r])], chunk.Count);
                for (var c = 0; c < chunk.Count; c++)
                {
                    answers[chunk[c]] = Flatten(predictions[c]);
                }
            }
            return answers;
        }, TestContext.Current.CancellationToken)));

        Assert.All(results, answers => Assert.All(answers, answer => Assert.Equal(expected[answer.Key], answer.Value)));
        Assert.All(results, answers => Assert.True(answers.Count > rows.Count / 3));
    }

    private static double[] Flatten(ModelPrediction prediction) =>
        prediction.Probabilities is { } probabilities ? [.. probabilities.Values] : [prediction.Value!.Value];
}
