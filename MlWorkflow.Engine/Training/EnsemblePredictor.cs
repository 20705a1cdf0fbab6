using Microsoft.Extensions.ObjectPool;
using Microsoft.ML;
using MlWorkflow.Engine.Targets;

namespace MlWorkflow.Engine.Training;

/// <summary>
/// One ML.NET prediction engine per member, with the input and output objects they reuse: what one thread predicts
/// with at a time. A PredictionEngine is not thread-safe, so a package keeps a pool of these (as Microsoft.Extensions.ML's
/// PredictionEnginePool does) instead of a lock. The arithmetic is <see cref="ModelScoring"/>'s, so a row predicts the
/// same through here as through the data-view path.
/// </summary>
internal sealed class EnsemblePredictor
{
    private readonly FeatureRow _row;
    private readonly IMember[] _members;
    private readonly double[] _weights;

    private EnsemblePredictor(int width, IMember[] members, double[] weights)
    {
        _row = new FeatureRow { Features = new float[width] };
        _members = members;
        _weights = weights;
    }

    /// <summary>Adds each member's weighted output for one row of features to <paramref name="combined"/> (zeroed by the caller).</summary>
    public void Predict(ReadOnlySpan<float> features, Span<double> combined)
    {
        features.CopyTo(_row.Features);
        for (var m = 0; m < _members.Length; m++)
        {
            _members[m].AddTo(_row, _weights[m], combined);
        }
    }

    public static ObjectPool<EnsemblePredictor> CreatePool(MLContext context, IReadOnlyList<ITransformer> models, IReadOnlyList<double> weights,
        DataViewSchema inputSchema, string task, int width) =>
        new DefaultObjectPoolProvider { MaximumRetained = Environment.ProcessorCount * 2 }
            .Create(new Policy(context, models, [.. weights], inputSchema, task, width));

    private sealed class Policy(MLContext context, IReadOnlyList<ITransformer> models, double[] weights, DataViewSchema inputSchema, string task, int width)
        : IPooledObjectPolicy<EnsemblePredictor>
    {
        public EnsemblePredictor Create() => new(width, [.. models.Select(CreateMember)], weights);

        public bool Return(EnsemblePredictor obj) => true;

        private IMember CreateMember(ITransformer model) => task switch
        {
            TargetTasks.Binary => new BinaryMember(context.Model.CreatePredictionEngine<FeatureRow, BinaryScore>(model, inputSchema)),
            TargetTasks.Multiclass => new MulticlassMember(context.Model.CreatePredictionEngine<FeatureRow, VectorScore>(model, inputSchema)),
            _ => new RegressionMember(context.Model.CreatePredictionEngine<FeatureRow, ValueScore>(model, inputSchema)),
        };
    }

    private interface IMember
    {
        void AddTo(FeatureRow row, double weight, Span<double> combined);
    }

    private sealed class BinaryMember(PredictionEngine<FeatureRow, BinaryScore> engine) : IMember
    {
        private BinaryScore _score = new();

        public void AddTo(FeatureRow row, double weight, Span<double> combined)
        {
            engine.Predict(row, ref _score);
            var p = float.IsFinite(_score.Probability) ? Math.Clamp(_score.Probability, 0, 1) : 0.5;
            combined[0] += weight * (1 - p);
            combined[1] += weight * p;
        }
    }

    private sealed class MulticlassMember(PredictionEngine<FeatureRow, VectorScore> engine) : IMember
    {
        private VectorScore _score = new();

        public void AddTo(FeatureRow row, double weight, Span<double> combined)
        {
            engine.Predict(row, ref _score);
            var scores = _score.Score;
            double sum = 0;
            for (var c = 0; c < scores.Length; c++)
            {
                sum += float.IsFinite(scores[c]) ? Math.Max(0, scores[c]) : 0;
            }
            for (var c = 0; c < combined.Length; c++)
            {
                double p = c < scores.Length && float.IsFinite(scores[c]) ? Math.Max(0, scores[c]) : 0;
                combined[c] += weight * (sum > 0 ? p / sum : 1.0 / combined.Length);
            }
        }
    }

    private sealed class RegressionMember(PredictionEngine<FeatureRow, ValueScore> engine) : IMember
    {
        private ValueScore _score = new();

        public void AddTo(FeatureRow row, double weight, Span<double> combined)
        {
            engine.Predict(row, ref _score);
            combined[0] += weight * _score.Score;
        }
    }

    private sealed class FeatureRow
    {
        public float[] Features { get; set; } = [];
    }

    private sealed class BinaryScore
    {
        public float Probability { get; set; }
    }

    private sealed class VectorScore
    {
        public float[] Score { get; set; } = [];
    }

    private sealed class ValueScore
    {
        public float Score { get; set; }
    }
}
