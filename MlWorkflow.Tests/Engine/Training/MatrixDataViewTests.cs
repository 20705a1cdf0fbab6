using Microsoft.ML.Data;
using MlWorkflow.Engine.Targets;
using MlWorkflow.Engine.Training;

namespace MlWorkflow.Tests.Engine.Training;

/// <summary>The training matrix as an ML.NET view: a subset of rows, and permuted copies of it for importance.</summary>
public sealed class MatrixDataViewTests
{
    // Four rows of three features: row r holds r*10, r*10+1, r*10+2; labels are the row numbers.
    private static readonly float[] s_features = [0, 1, 2, 10, 11, 12, 20, 21, 22, 30, 31, 32];
    private static readonly float[] s_labels = [0, 1, 2, 3];

    [Fact]
    public void ASubsetReadsItsRowsInOrder()
    {
        var view = new MatrixDataView(s_features, s_labels, 3, TargetTasks.Regression, 0, [3, 1]);

        Assert.Equal(2, view.GetRowCount());
        Assert.Equal(["3: 30 31 32", "1: 10 11 12"], Read(view));
    }

    [Fact]
    public void PermutedCopiesFollowOneAnotherEachShufflingItsOwnSlots()
    {
        var view = new MatrixDataView(s_features, s_labels, 3, TargetTasks.Regression, 0, [0, 2, 3],
        [
            new Permutation([(0, 1)], [2, 0, 1]),
            new Permutation([(1, 2)], [1, 2, 0]),
        ]);

        Assert.Equal(6, view.GetRowCount());
        Assert.Equal(
        [
            // Copy 1: slot 0 of each row comes from the row at position Source[i] of [0, 2, 3].
            "0: 30 1 2", "2: 0 21 22", "3: 20 31 32",
            // Copy 2: slots 1 and 2 move, the label and slot 0 stay with the row.
            "0: 0 21 22", "2: 20 31 32", "3: 30 1 2",
        ], Read(view));
    }

    /// <summary>Each row as "label: features".</summary>
    private static List<string> Read(MatrixDataView view)
    {
        var rows = new List<string>();
        using var cursor = view.GetRowCursor(view.Schema);
        var label = cursor.GetGetter<float>(view.Schema[MatrixDataView.LabelColumn]);
        var features = cursor.GetGetter<VBuffer<float>>(view.Schema[MatrixDataView.FeaturesColumn]);
        float value = 0;
        VBuffer<float> vector = default;
        while (cursor.MoveNext())
        {
            label(ref value);
            features(ref vector);
            rows.Add($"{value}: {string.Join(' ', vector.DenseValues())}");
        }
        return rows;
    }
}
