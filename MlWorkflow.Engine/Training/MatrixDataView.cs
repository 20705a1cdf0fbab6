using Microsoft.ML;
using Microsoft.ML.Data;
using MlWorkflow.Engine.Targets;

namespace MlWorkflow.Engine.Training;

/// <summary>
/// A set of a <see cref="TrainingTable"/>'s rows as an ML.NET data view with two columns: <c>Label</c> (Boolean for binary,
/// a key of the class count for multiclass, Single for regression) and <c>Features</c> (a Single vector of the table's
/// width). Folds, holdouts and permuted copies are views over the same matrix, so nothing is copied per trial.
/// </summary>
/// <remarks>
/// With permutations the view holds the rows once per permutation, one copy after another; in copy c the slots in its
/// ranges of row i are read from row <c>Source[i]</c> (positions in the rows), so one prediction pass scores every
/// shuffle of a permutation importance.
/// </remarks>
internal sealed class MatrixDataView : IDataView
{
    public const string LabelColumn = "Label";
    public const string FeaturesColumn = "Features";

    private readonly float[] _features;
    private readonly float[]? _labels;
    private readonly int _width;
    private readonly int[] _rows;
    private readonly IReadOnlyList<Permutation>? _permutations;

    public MatrixDataView(TrainingTable table, int[] rows, bool withLabel = true, IReadOnlyList<Permutation>? permutations = null)
        : this(table.Features, withLabel ? table.Labels : null, table.Width, table.Task, table.Classes, rows, permutations)
    {
    }

    public MatrixDataView(float[] features, float[]? labels, int width, string task, int classes, int[] rows, IReadOnlyList<Permutation>? permutations = null)
    {
        _features = features;
        _labels = labels;
        _width = width;
        _rows = rows;
        _permutations = permutations is { Count: > 0 } ? permutations : null;
        var builder = new DataViewSchema.Builder();
        if (labels is not null)
        {
            builder.AddColumn(LabelColumn, LabelType(task, classes));
        }
        builder.AddColumn(FeaturesColumn, new VectorDataViewType(NumberDataViewType.Single, width));
        Schema = builder.ToSchema();
    }

    public static DataViewType LabelType(string task, int classes) => task switch
    {
        TargetTasks.Binary => BooleanDataViewType.Instance,
        TargetTasks.Multiclass => new KeyDataViewType(typeof(uint), classes),
        _ => NumberDataViewType.Single,
    };

    public bool CanShuffle => false;

    public DataViewSchema Schema { get; }

    public long? GetRowCount() => (long)_rows.Length * (_permutations?.Count ?? 1);

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) => new Cursor(this);

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) => [new Cursor(this)];

    private sealed class Cursor(MatrixDataView view) : DataViewRowCursor
    {
        private long _position = -1;

        public override DataViewSchema Schema => view.Schema;

        public override long Position => _position;

        public override long Batch => 0;

        private readonly long _count = view.GetRowCount()!.Value;

        public override bool MoveNext() => ++_position < _count;

        /// <summary>The current position within the rows (the same row in every permuted copy).</summary>
        private int Row => view._rows[(int)(_position % view._rows.Length)];

        public override ValueGetter<DataViewRowId> GetIdGetter() => (ref DataViewRowId id) => id = new DataViewRowId((ulong)_position, 0);

        public override bool IsColumnActive(DataViewSchema.Column column) => true;

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            if (column.Name == FeaturesColumn)
            {
                ValueGetter<VBuffer<float>> features = GetFeatures;
                return (ValueGetter<TValue>)(Delegate)features;
            }
            var labels = view._labels!;
            Delegate getter = column.Type switch
            {
                BooleanDataViewType => (ValueGetter<bool>)((ref bool value) => value = labels[Row] > 0.5f),
                KeyDataViewType => (ValueGetter<uint>)((ref uint value) => value = (uint)labels[Row] + 1),
                _ => (ValueGetter<float>)((ref float value) => value = labels[Row]),
            };
            return (ValueGetter<TValue>)getter;
        }

        private void GetFeatures(ref VBuffer<float> value)
        {
            var editor = VBufferEditor.Create(ref value, view._width);
            view._features.AsSpan(Row * view._width, view._width).CopyTo(editor.Values);
            if (view._permutations is { } permutations)
            {
                var (copy, i) = Math.DivRem(_position, view._rows.Length);
                var (ranges, source) = permutations[(int)copy];
                var from = view._rows[source[i]] * view._width;
                foreach (var (start, count) in ranges)
                {
                    view._features.AsSpan(from + start, count).CopyTo(editor.Values.Slice(start, count));
                }
            }
            value = editor.Commit();
        }
    }
}

/// <summary>One shuffle of some slots: those in <c>Ranges</c> of row i are read from row <c>Source[i]</c>.</summary>
internal readonly record struct Permutation(IReadOnlyList<(int Start, int Count)> Ranges, int[] Source);
