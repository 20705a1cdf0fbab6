using MlWorkflow.Engine.Csv;
using MlWorkflow.Engine.Preprocessing;
using MlWorkflow.Engine.Profiling;
using MlWorkflow.Engine.Targets;

namespace MlWorkflow.Engine.Training;

/// <summary>What a batch scoring wrote: its rows and columns, and the metrics when the file had the target.</summary>
public sealed record BatchScoreResult(long Rows, IReadOnlyList<string> Columns, IReadOnlyDictionary<string, double>? Evaluation, long EvaluatedRows);

/// <summary>
/// Scores a CSV with a model package, streaming: the input's columns, then <c>prediction</c> and, for classifiers,
/// <c>probability_{label}</c> per label. Rows go through the package in batches of <see cref="BatchRows"/> (ML.NET's batch
/// path). When the file has the model's target, the rows with a known target are evaluated with every metric of the task.
/// </summary>
public static class BatchScorer
{
    public const int BatchRows = 8_192;
    public const string PredictionColumn = "prediction";
    public const string ProbabilityPrefix = "probability_";

    /// <exception cref="PreprocessDataException">A value cannot go through the model's pipeline steps.</exception>
    public static async Task<BatchScoreResult> ScoreAsync(ModelPackage package, Stream input, CsvDialect dialect, IReadOnlyList<string> columns,
        IReadOnlyList<string> missingTokens, long totalBytes, Stream output, IEngineProgress progress, CancellationToken cancellationToken)
    {
        var manifest = package.Manifest;
        var labels = manifest.Labels ?? [];
        var outputColumns = columns.Concat([PredictionColumn]).Concat(labels.Select(l => ProbabilityPrefix + l)).ToList();
        var writer = new CsvOutput(output);
        foreach (var column in outputColumns)
        {
            writer.Text(column);
        }
        writer.EndRow();
        var pass = new ScorePass(package, columns, dialect, missingTokens, writer);
        long read = 0;
        await pass.ReadAsync(input, async bytes =>
        {
            read += bytes;
            if (pass.Pending >= BatchRows)
            {
                pass.Flush();
                await writer.FlushAsync(cancellationToken);
                progress.Report(totalBytes > 0 ? Math.Min(99, 100.0 * read / totalBytes) : 0, "score");
            }
        }, cancellationToken);
        pass.Flush();
        await writer.FlushAsync(cancellationToken);
        progress.Report(100, "score");
        return new BatchScoreResult(pass.Rows, outputColumns, pass.Evaluate(), pass.EvaluatedRows);
    }

    private sealed class ScorePass : RecordPass
    {
        private readonly ModelPackage _package;
        private readonly IReadOnlyList<string> _columns;
        private readonly MissingTokenMatcher _missing;
        private readonly CsvOutput _writer;
        private readonly int _targetIndex;
        private readonly Dictionary<string, int> _labelIndex;
        private readonly List<string?[]> _batch = [];
        private readonly List<float> _truth = [];
        private readonly List<double> _predicted = [];

        public ScorePass(ModelPackage package, IReadOnlyList<string> columns, CsvDialect dialect, IReadOnlyList<string> missingTokens, CsvOutput writer)
            : base(columns, dialect)
        {
            _package = package;
            _columns = columns;
            _missing = new MissingTokenMatcher(missingTokens);
            _writer = writer;
            _targetIndex = columns.ToList().IndexOf(package.Manifest.Target);
            _labelIndex = (package.Manifest.Labels ?? []).Select((l, i) => (l, i)).ToDictionary(p => p.l, p => p.i, StringComparer.Ordinal);
        }

        public int Pending => _batch.Count;

        public long EvaluatedRows => _truth.Count;

        protected override void OnRow(CsvRecord record, long line)
        {
            var cells = new string?[_columns.Count];
            for (var c = 0; c < cells.Length; c++)
            {
                var field = record[c];
                cells[c] = _missing.IsMissing(field.Trim()) ? null : new string(field);
            }
            _batch.Add(cells);
        }

        public void Flush()
        {
            if (_batch.Count == 0)
            {
                return;
            }
            var rows = _batch.Select(cells => (IReadOnlyDictionary<string, string?>)_columns.Select((name, i) => (name, cells[i]))
                .Where(p => p.name != _package.Manifest.Target).ToDictionary(p => p.name, p => p.Item2, StringComparer.Ordinal)).ToList();
            var predictions = _package.PredictBatch(rows);
            var labels = _package.Manifest.Labels ?? [];
            for (var r = 0; r < _batch.Count; r++)
            {
                foreach (var cell in _batch[r])
                {
                    if (cell is null)
                    {
                        _writer.Missing();
                    }
                    else
                    {
                        _writer.Text(cell);
                    }
                }
                var prediction = predictions[r];
                if (prediction.Value is { } value)
                {
                    _writer.Number(value);
                }
                else
                {
                    _writer.Text(prediction.Label);
                    foreach (var label in labels)
                    {
                        _writer.Number(prediction.Probabilities![label]);
                    }
                }
                _writer.EndRow();
                Track(_targetIndex >= 0 ? _batch[r][_targetIndex]?.Trim() : null, prediction, labels);
            }
            _batch.Clear();
        }

        private void Track(string? truth, ModelPrediction prediction, IReadOnlyList<string> labels)
        {
            if (truth is null)
            {
                return;
            }
            if (prediction.Value is { } value)
            {
                if (NumberParser.TryParse(truth, out var number, out _) && double.IsFinite(number))
                {
                    _truth.Add((float)number);
                    _predicted.Add(value);
                }
                return;
            }
            if (_labelIndex.TryGetValue(truth, out var index))
            {
                _truth.Add(index);
                _predicted.AddRange(labels.Select(l => prediction.Probabilities![l]));
            }
        }

        public IReadOnlyDictionary<string, double>? Evaluate() => _truth.Count == 0
            ? null
            : Metrics.All(_package.Manifest.Task, _truth.ToArray(), _predicted.ToArray(), _package.Manifest.Task == TargetTasks.Regression ? 0 : _labelIndex.Count);
    }
}
