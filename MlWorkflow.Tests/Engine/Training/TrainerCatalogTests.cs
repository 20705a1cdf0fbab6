using Microsoft.ML;
using MlWorkflow.Engine.Suggestions;
using MlWorkflow.Engine.Targets;
using MlWorkflow.Engine.Training;

namespace MlWorkflow.Tests.Engine.Training;

/// <summary>What the trainers' settings make of a model, beyond its score.</summary>
public sealed class TrainerCatalogTests
{
    /// <summary>
    /// ML.NET's FastForest regression keeps 100 label samples in every leaf for quantile outputs by default (a 100-tree ×
    /// 32-leaf model on 1,000 rows saved at 680 kB instead of 120 kB); predictions do not use them, so they are off.
    /// </summary>
    [Fact]
    public async Task AFastForestRegressionKeepsNoLabelSamplesInItsLeaves()
    {
        var table = await TrainingTestKit.SampleAsync("diabetes.csv", "target", TargetTasks.Regression);
        var spec = TrainerSpec.Get(MlNetTrainers.FastForest, TargetTasks.Regression, 1);
        var view = new MatrixDataView(table, [.. Enumerable.Range(0, table.Rows)]);
        var context = new MLContext(0);
        var model = spec.Build(context, spec.Portfolio[0], 0, (long)table.Rows * table.Width).Fit(view);

        using var saved = new MemoryStream();
        context.Model.Save(model, view.Schema, saved);
        var leaves = spec.Portfolio[0]["NumberOfTrees"] * spec.Portfolio[0]["NumberOfLeaves"];
        Assert.True(saved.Length / leaves < 80, $"{saved.Length} bytes for at most {leaves} leaves");
    }
}
