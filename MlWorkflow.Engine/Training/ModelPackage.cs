using System.IO.Compression;
using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlWorkflow.Engine.Preprocessing;
using MlWorkflow.Engine.Targets;

namespace MlWorkflow.Engine.Training;

/// <summary>
/// Everything needed to predict, in one file (a zip): <c>manifest.json</c> (<see cref="ModelManifest"/>: the input
/// schema, the fitted pipelines, the feature encoding, the members and weights, metrics and the reference summary for
/// drift) and one ML.NET model per member under <c>members/</c>. The Engine alone loads it and predicts rows of cells.
/// Its format is described in docs/model-package.md.
/// </summary>
public sealed class ModelPackage
{
    /// <summary>2: the reference is per input column and has the predictions' distribution (1: per encoded feature).</summary>
    public const int FormatVersion = 2;
    public const string ManifestEntry = "manifest.json";

    private readonly MLContext _context;
    private readonly IReadOnlyList<ITransformer> _models;
    private readonly DataViewSchema _inputSchema;
    private readonly FeatureEncoder _encoder;
    private readonly Lock _gate = new();
    private Func<FeatureRow, double[]>[]? _engines;

    private ModelPackage(ModelManifest manifest, MLContext context, IReadOnlyList<ITransformer> models, DataViewSchema inputSchema)
    {
        Manifest = manifest;
        _context = context;
        _models = models;
        _inputSchema = inputSchema;
        _encoder = new FeatureEncoder(manifest.Features, manifest.MissingTokens);
    }

    public ModelManifest Manifest { get; }

    /// <summary>
    /// The package of a search's result: <c>pipelines</c> are the fitted pipelines rows go through first, in order. The drift
    /// reference is the first pipeline's <see cref="FittedPipeline.InputReference"/> (the raw columns the model reads), or
    /// the table's own when there is no pipeline, plus the members' predictions on the training rows.
    /// </summary>
    public static ModelPackage Create(SearchResult result, TrainingTable table, TrainingRequest request, IReadOnlyList<FittedPipeline> pipelines,
        IReadOnlyList<InputColumn> inputSchema, DateTimeOffset createdAt)
    {
        var manifest = new ModelManifest(
            FormatVersion,
            table.Task,
            table.Target,
            request.Metric,
            table.Task == TargetTasks.Regression ? null : table.ClassLabels,
            inputSchema,
            // The manifest keeps the reference once, below.
            [.. pipelines.Select(p => p with { InputReference = null })],
            table.Encoder.Features,
            table.Encoder.MissingTokens,
            [.. result.Members.Select((m, i) => new PackageMember(m.Algorithm, m.Hyperparameters, m.Weight, $"members/{i}.zip"))],
            result.Metrics,
            result.Validation,
            request.Seed,
            InputReference(table, pipelines),
            createdAt);
        var context = new MLContext(request.Seed);
        var package = new ModelPackage(manifest, context, result.Models, FeatureSchema(table.Width));
        var withPredictions = manifest with { Reference = manifest.Reference with { Prediction = package.PredictionReference(table) } };
        return new ModelPackage(withPredictions, context, result.Models, FeatureSchema(table.Width));
    }

    private static ReferenceSummary InputReference(TrainingTable table, IReadOnlyList<FittedPipeline> pipelines)
    {
        if (pipelines.Count == 0)
        {
            return table.InputReference;
        }
        if (pipelines[0].InputReference is not { } inputs)
        {
            return new ReferenceSummary(0, [], null, pipelines[0].MissingTokens);
        }
        // Only the columns the model reads: a feature itself or the column a one_hot or date_parts feature came from.
        var origins = PipelineColumns.Origins(pipelines);
        var read = table.Encoder.Features.Select(f => origins.GetValueOrDefault(f.Name, f.Name)).ToHashSet(StringComparer.Ordinal);
        return inputs with { Features = [.. inputs.Features.Where(f => read.Contains(f.Name))] };
    }

    /// <summary>The members' combined predictions on the training rows: shares of predicted labels, or the values' sketch.</summary>
    private FeatureReference PredictionReference(TrainingTable table)
    {
        var combined = Combine(table.Features, table.Rows);
        if (Manifest.Task == TargetTasks.Regression)
        {
            var values = new NumberSketch();
            foreach (var value in combined)
            {
                values.Add(value);
            }
            return values.Build(ReferenceSummary.PredictionName);
        }
        var labels = Manifest.Labels!;
        var counts = new long[labels.Count];
        for (var r = 0; r < table.Rows; r++)
        {
            counts[Metrics.ArgMax(combined.AsSpan(r * labels.Count, labels.Count))]++;
        }
        var tally = new CategoryTally();
        for (var c = 0; c < labels.Count; c++)
        {
            tally.Add(labels[c], counts[c]);
        }
        return tally.Build(ReferenceSummary.PredictionName);
    }

    public void Save(Stream stream)
    {
        using var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
        using (var entry = zip.CreateEntry(ManifestEntry, CompressionLevel.Optimal).Open())
        {
            JsonSerializer.Serialize(entry, Manifest, EngineJson.Options);
        }
        for (var i = 0; i < _models.Count; i++)
        {
            using var entry = zip.CreateEntry(Manifest.Members[i].File, CompressionLevel.NoCompression).Open();
            using var buffer = new MemoryStream();
            _context.Model.Save(_models[i], _inputSchema, buffer);
            buffer.Position = 0;
            buffer.CopyTo(entry);
        }
    }

    /// <exception cref="InvalidDataException">The stream is not a model package, or one of a later format.</exception>
    public static ModelPackage Load(Stream stream)
    {
        using var zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
        var manifestEntry = zip.GetEntry(ManifestEntry) ?? throw new InvalidDataException($"Not a model package: it has no {ManifestEntry}.");
        ModelManifest manifest;
        using (var manifestStream = manifestEntry.Open())
        {
            manifest = JsonSerializer.Deserialize<ModelManifest>(manifestStream, EngineJson.Options)
                ?? throw new InvalidDataException("The package's manifest is JSON null.");
        }
        if (manifest.FormatVersion > FormatVersion)
        {
            throw new InvalidDataException($"The package is format {manifest.FormatVersion}; this version reads up to {FormatVersion}.");
        }
        var context = new MLContext(manifest.Seed);
        var models = new List<ITransformer>();
        DataViewSchema? schema = null;
        foreach (var member in manifest.Members)
        {
            var entry = zip.GetEntry(member.File) ?? throw new InvalidDataException($"The package lacks {member.File}.");
            using var buffer = new MemoryStream();
            using (var source = entry.Open())
            {
                source.CopyTo(buffer);
            }
            buffer.Position = 0;
            models.Add(context.Model.Load(buffer, out schema));
        }
        return new ModelPackage(manifest, context, models, schema ?? FeatureSchema(new FeatureEncoder(manifest.Features, manifest.MissingTokens).Width));
    }

    /// <summary>A row of cells by input column name through the pipelines into the feature vector.</summary>
    /// <exception cref="PreprocessDataException">A value cannot go through a pipeline step.</exception>
    public float[] Encode(IReadOnlyDictionary<string, string?> row)
    {
        foreach (var pipeline in Manifest.Pipelines)
        {
            var cells = pipeline.TransformRow(row);
            var next = new Dictionary<string, string?>(cells.Count, StringComparer.Ordinal);
            for (var i = 0; i < cells.Count; i++)
            {
                next[pipeline.Outputs[i]] = cells[i];
            }
            row = next;
        }
        return _encoder.EncodeRow(row);
    }

    /// <summary>Predicts one row (thread-safe; one prediction engine per member, reused).</summary>
    public ModelPrediction Predict(IReadOnlyDictionary<string, string?> row)
    {
        var features = new FeatureRow { Features = Encode(row) };
        var width = Metrics.Width(Manifest.Task, Manifest.Labels?.Count ?? 0);
        var combined = new double[width];
        lock (_gate)
        {
            _engines ??= [.. _models.Select(CreateEngine)];
            for (var m = 0; m < _engines.Length; m++)
            {
                var output = _engines[m](features);
                for (var c = 0; c < width; c++)
                {
                    combined[c] += Manifest.Members[m].Weight * output[c];
                }
            }
        }
        return ToPrediction(combined);
    }

    /// <summary>Predicts many rows at once through ML.NET's data-view path (up to 2× the rows a second of <see cref="Predict"/>).</summary>
    public IReadOnlyList<ModelPrediction> PredictBatch(IReadOnlyList<IReadOnlyDictionary<string, string?>> rows)
    {
        var width = _encoder.Width;
        var features = new float[rows.Count * width];
        for (var r = 0; r < rows.Count; r++)
        {
            Encode(rows[r]).CopyTo(features, r * width);
        }
        return PredictFeatures(features, rows.Count);
    }

    /// <summary>Predicts rows already encoded (row-major, the package's feature width a row).</summary>
    public IReadOnlyList<ModelPrediction> PredictFeatures(float[] features, int rows)
    {
        var combined = Combine(features, rows);
        var width = Metrics.Width(Manifest.Task, Manifest.Labels?.Count ?? 0);
        return [.. Enumerable.Range(0, rows).Select(r => ToPrediction(combined.AsSpan(r * width, width).ToArray()))];
    }

    /// <summary>The members' outputs combined by weight, row-major in <see cref="ModelScoring"/>'s layout.</summary>
    private double[] Combine(float[] features, int rows)
    {
        var classes = Manifest.Labels?.Count ?? 0;
        var combined = new double[rows * Metrics.Width(Manifest.Task, classes)];
        var view = new MatrixDataView(features, null, _encoder.Width, Manifest.Task, classes, [.. Enumerable.Range(0, rows)]);
        for (var m = 0; m < _models.Count; m++)
        {
            var predictions = ModelScoring.Predict(_models[m], view, Manifest.Task, classes);
            for (var i = 0; i < predictions.Length; i++)
            {
                combined[i] += Manifest.Members[m].Weight * predictions[i];
            }
        }
        return combined;
    }

    /// <summary>A member's single-row predictor in the layout of <see cref="ModelScoring"/>: probabilities per class, or the value.</summary>
    private Func<FeatureRow, double[]> CreateEngine(ITransformer model)
    {
        switch (Manifest.Task)
        {
            case TargetTasks.Binary:
                var binary = _context.Model.CreatePredictionEngine<FeatureRow, BinaryScore>(model, _inputSchema);
                return row =>
                {
                    var p = binary.Predict(row).Probability;
                    var clamped = float.IsFinite(p) ? Math.Clamp(p, 0, 1) : 0.5;
                    return [1 - clamped, clamped];
                };
            case TargetTasks.Multiclass:
                var multiclass = _context.Model.CreatePredictionEngine<FeatureRow, VectorScore>(model, _inputSchema);
                return row =>
                {
                    var scores = multiclass.Predict(row).Score.Select(s => float.IsFinite(s) ? Math.Max(0, (double)s) : 0).ToArray();
                    var sum = scores.Sum();
                    return [.. scores.Select(s => sum > 0 ? s / sum : 1.0 / scores.Length)];
                };
            default:
                var regression = _context.Model.CreatePredictionEngine<FeatureRow, ValueScore>(model, _inputSchema);
                return row => [regression.Predict(row).Score];
        }
    }

    private ModelPrediction ToPrediction(double[] combined)
    {
        if (Manifest.Task == TargetTasks.Regression)
        {
            return new ModelPrediction(null, null, combined[0]);
        }
        var labels = Manifest.Labels!;
        var probabilities = new Dictionary<string, double>(labels.Count, StringComparer.Ordinal);
        for (var c = 0; c < labels.Count; c++)
        {
            probabilities[labels[c]] = Math.Round(combined[c], 6);
        }
        return new ModelPrediction(labels[Metrics.ArgMax(combined)], probabilities, null);
    }

    private static DataViewSchema FeatureSchema(int width)
    {
        var builder = new DataViewSchema.Builder();
        builder.AddColumn(MatrixDataView.FeaturesColumn, new VectorDataViewType(NumberDataViewType.Single, width));
        return builder.ToSchema();
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

/// <summary>A prediction: the label and each label's probability (classification), or the value (regression).</summary>
public sealed record ModelPrediction(string? Label, IReadOnlyDictionary<string, double>? Probabilities, double? Value);

/// <summary>The manifest of a model package; see <see cref="ModelPackage"/>.</summary>
public sealed record ModelManifest(
    int FormatVersion,
    string Task,
    string Target,
    string Metric,
    IReadOnlyList<string>? Labels,
    IReadOnlyList<InputColumn> InputSchema,
    IReadOnlyList<FittedPipeline> Pipelines,
    IReadOnlyList<FeatureSpec> Features,
    IReadOnlyList<string> MissingTokens,
    IReadOnlyList<PackageMember> Members,
    IReadOnlyDictionary<string, double> Metrics,
    ValidationInfo Validation,
    int Seed,
    ReferenceSummary Reference,
    DateTimeOffset CreatedAt);

public sealed record PackageMember(string Algorithm, IReadOnlyDictionary<string, double> Hyperparameters, double Weight, string File);
