using System.Text;
using MlWorkflow.Engine.Targets;
using MlWorkflow.Engine.Training;

namespace MlWorkflow.Tests.Engine.Training;

/// <summary>The CSV into the feature matrix: types, one-hot, missing values, labels, and the errors that say what to fix.</summary>
public sealed class TrainingTableTests
{
    private static Task<TrainingTable> LoadAsync(string csv, string target, string task) =>
        TrainingTestKit.LoadAsync(Encoding.UTF8.GetBytes(csv), target, task);

    [Fact]
    public async Task NumbersBooleansAndCategoriesEncodeAndRowsWithoutTargetAreLeftOut()
    {
        var csv = new StringBuilder("id,x,flag,colour,when,y\n");
        string[] colours = ["red", "green", "blue"];
        for (var i = 0; i < 40; i++)
        {
            var x = i % 7 == 0 ? "" : (i * 0.5).ToString(System.Globalization.CultureInfo.InvariantCulture);
            csv.Append($"{i},{x},{(i % 2 == 0 ? "yes" : "no")},{colours[i % 3]},2024-01-{(i % 28) + 1:00},{(i == 5 ? "" : i % 4 == 0 ? "b" : "a")}\n");
        }
        var table = await LoadAsync(csv.ToString(), "y", TargetTasks.Binary);
        Assert.Equal(39, table.Rows);
        Assert.Equal(1, table.MissingTargets);
        Assert.Equal(["a", "b"], table.ClassLabels);
        Assert.Equal(["x", "flag", "colour"], table.Encoder.Features.Select(f => f.Name));
        Assert.Equal(["blue", "green", "red"], table.Encoder.Features[2].Categories);
        Assert.Equal(5, table.Width);
        Assert.Contains(table.Skipped, s => s.StartsWith("id", StringComparison.Ordinal));
        Assert.Contains(table.Skipped, s => s.StartsWith("when (datetime)", StringComparison.Ordinal));
        Assert.True(float.IsNaN(table.Row(0)[0]));
        Assert.Equal([0.5f, 0f, 0f, 1f, 0f], table.Row(1).ToArray());
        Assert.Equal([1f, 1f, 1f, 0f, 0f], table.Row(2).ToArray());
        Assert.Equal(1f, table.Labels[0]);
    }

    [Fact]
    public async Task NumberLabelsSortAsNumbers()
    {
        var csv = "x,y\n" + string.Concat(Enumerable.Range(0, 30).Select(i => $"{i},{new[] { 10, 9, 100 }[i % 3]}\n"));
        var table = await LoadAsync(csv, "y", TargetTasks.Multiclass);
        Assert.Equal(["9", "10", "100"], table.ClassLabels);
        Assert.Equal(1f, table.Labels[0]);
    }

    [Theory]
    [InlineData("y", TargetTasks.Regression, "not a finite number")]
    [InlineData("y", TargetTasks.Binary, "3 classes, so it is not a binary task")]
    [InlineData("z", TargetTasks.Binary, "1 class: a classifier needs at least two")]
    [InlineData("nope", TargetTasks.Binary, "is not a column")]
    public async Task TargetsThatCannotBeTrainedSayWhy(string target, string task, string message)
    {
        var csv = "x,y,z\n" + string.Concat(Enumerable.Range(0, 30).Select(i => $"{i},{new[] { "a", "b", "c" }[i % 3]},same\n"));
        var error = await Assert.ThrowsAsync<TrainingDataException>(() => LoadAsync(csv, target, task));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.NotEmpty(error.Fix);
    }

    [Fact]
    public async Task FoldsAreStratified()
    {
        var table = await TrainingTestKit.SampleAsync("penguins.csv", "species", TargetTasks.Multiclass);
        var folds = Folds.Assign(table, 5, seed: 0);
        for (var c = 0; c < table.Classes; c++)
        {
            var inClass = Enumerable.Range(0, table.Rows).Where(r => table.Labels[r] == c).ToList();
            var perFold = Enumerable.Range(0, 5).Select(f => inClass.Count(r => folds[r] == f)).ToList();
            Assert.True(perFold.Max() - perFold.Min() <= 1, $"class {c}: {string.Join(", ", perFold)}");
        }
        var sizes = Enumerable.Range(0, 5).Select(f => folds.Count(x => x == f)).ToList();
        Assert.True(sizes.Max() - sizes.Min() <= 1, string.Join(", ", sizes));
        Assert.NotEqual(folds, Folds.Assign(table, 5, seed: 1));
    }

    [Fact]
    public async Task RegressionFoldsSpanTheTarget()
    {
        var table = await TrainingTestKit.SampleAsync("diabetes.csv", "target", TargetTasks.Regression);
        var folds = Folds.Assign(table, 5, seed: 0);
        var means = Enumerable.Range(0, 5).Select(f => Enumerable.Range(0, table.Rows).Where(r => folds[r] == f).Average(r => table.Labels[r])).ToList();
        var overall = table.Labels.Average(l => l);
        Assert.All(means, mean => Assert.InRange(mean, overall * 0.95, overall * 1.05));
    }

    [Fact]
    public void ValidationIsCrossValidationBelow20000RowsRepeatedBelow1000ElseAHoldout()
    {
        Assert.Equal(new ValidationInfo(ValidationInfo.CrossValidation, 5, null, 999) { Repeats = 3 }, Folds.Choose(999));
        Assert.Equal(15, Folds.Choose(999).Fits);
        Assert.Equal(new ValidationInfo(ValidationInfo.CrossValidation, 5, null, 1_000), Folds.Choose(1_000));
        Assert.Equal(new ValidationInfo(ValidationInfo.CrossValidation, 5, null, 19_999), Folds.Choose(19_999));
        Assert.Equal(new ValidationInfo(ValidationInfo.Holdout, null, 0.1, 20_000), Folds.Choose(20_000));
        Assert.Equal(0.025, Folds.Choose(100_000).HoldoutFraction);
        Assert.Equal(0.01, Folds.Choose(1_000_000).HoldoutFraction);
    }

    /// <summary>
    /// Repeated cross-validation: every repeat validates each row once, on stratified folds of its own; the first repeat's
    /// folds are the seed's (so data that is not repeated keeps the folds it always had).
    /// </summary>
    [Fact]
    public async Task RepeatedFoldsValidateEveryRowOnceARepeatOnStratifiedFoldsOfTheirOwn()
    {
        var table = await TrainingTestKit.SampleAsync("penguins.csv", "species", TargetTasks.Multiclass);
        var validation = Folds.Choose(table.Rows);

        var splits = Folds.Splits(table, validation, seed: 0);

        Assert.Equal(15, splits.Count);
        var repeats = splits.Chunk(5).ToList();
        var first = Folds.Assign(table, 5, seed: 0);
        Assert.All(Enumerable.Range(0, 5), f => Assert.Equal(Enumerable.Range(0, table.Rows).Where(r => first[r] == f), splits[f].Valid));
        foreach (var repeat in repeats)
        {
            Assert.Equal(Enumerable.Range(0, table.Rows), repeat.SelectMany(split => split.Valid).Order());
            Assert.All(repeat, split => Assert.Equal(Enumerable.Range(0, table.Rows).Except(split.Valid), split.Train));
            for (var c = 0; c < table.Classes; c++)
            {
                var perFold = repeat.Select(split => split.Valid.Count(r => table.Labels[r] == c)).ToList();
                Assert.True(perFold.Max() - perFold.Min() <= 1, $"class {c}: {string.Join(", ", perFold)}");
            }
        }
        Assert.Equal(3, repeats.Select(repeat => string.Join(";", repeat.Select(split => string.Join(",", split.Valid)))).Distinct().Count());
    }
}
