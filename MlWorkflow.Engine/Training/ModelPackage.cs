using System.IO.Compression;
using System.Text.Json;
using Microsoft.Extensions.ObjectPool;
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
    /// <summary>
    /// The latest format this reads. 2: the reference is per input column and has the predictions' distribution (1: per
    /// encoded feature). 3: a feature may be text; written only then, so readers of format 2 keep loading the others.
    /// </summary>
    public const int FormatVersion = 3;

    private const int FormatWithoutText = 2;
    public const string ManifestEntry = "manifest.json";

    private readonly MLContext _context;
    private readonly IReadOnlyList<ITransformer> _models;
    private readonly DataViewSchema _inputSchema;
    private readonly FeatureEncoder _encoder;
    private readonly Lazy<ObjectPool<EnsemblePredictor>> _predictors;

    private ModelPackage(ModelManifest manifest, MLContext context, IReadOnlyList<ITransformer> models, DataViewSchema inputSchema)
    {
        Manifest = manifest;
        _context = context;
        _models = models;
        _inputSchema = inputSchema;
        _encoder = new FeatureEncoder(manifest.Features, manifest.MissingTokens);
        _predictors = new(() => EnsemblePredictor.CreatePool(context, models, [.. manifest.Members.Select(m => m.Weight)], inputSchema,
            manifest.Task, _encoder.Width));
    }

    /// <summary>
    /// Up to this many rows, <see cref="PredictFeatures"/> runs rows one by one through pooled prediction engines; more
    /// go through ML.NET's data-view path, whose set-up per call (300–700 µs) pays off only from about 200–300 rows
    /// (measured on the sample datasets: one row 7–70 µs row by row against 300–720 µs through a view).
    /// </summary>
    public const int RowByRowLimit = 128;

    /// <summary>The length of a row's feature vector (<see cref="Encode(IReadOnlyDictionary{string, string?}, Span{float})"/>).</summary>
    public int FeatureWidth => _encoder.Width;

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
            table.Encoder.Features.Any(f => f.Kind == FeatureSpec.TextKind) ? FormatVersion : FormatWithoutText,
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
            PackageReference.Inputs(table, pipelines),
            createdAt);
        var context = new MLContext(request.Seed);
        var package = new ModelPackage(manifest, context, result.Models, FeatureSchema(table.Width));
        var predictions = PackageReference.Predictions(manifest.Task, manifest.Labels, package.Combine(table.Features, table.Rows), table.Rows);
        var withPredictions = manifest with { Reference = manifest.Reference with { Prediction = predictions } };
        return new ModelPackage(withPredictions, context, result.Models, FeatureSchema(table.Width));
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
        var features = new float[_encoder.Width];
        Encode(row, features);
        return features;
    }

    /// <summary>A row of cells by input column name through the pipelines into <paramref name="features"/> (<see cref="FeatureWidth"/> long).</summary>
    /// <exception cref="PreprocessDataException">A value cannot go through a pipeline step.</exception>
    public void Encode(IReadOnlyDictionary<string, string?> row, Span<float> features)
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
        _encoder.EncodeRow(row, features);
    }

    /// <summary>Predicts one row (thread-safe: a pooled set of prediction engines, one per member, no lock).</summary>
    public ModelPrediction Predict(IReadOnlyDictionary<string, string?> row) => PredictRows(Encode(row), 1)[0];

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
    /// <remarks>Thread-safe. Up to <see cref="RowByRowLimit"/> rows go row by row through pooled engines, more through a data view: the same numbers either way.</remarks>
    public IReadOnlyList<ModelPrediction> PredictFeatures(float[] features, int rows) =>
        rows <= RowByRowLimit ? PredictRows(features, rows) : PredictView(features, rows);

    private ModelPrediction[] PredictRows(float[] features, int rows)
    {
        var width = Metrics.Width(Manifest.Task, Manifest.Labels?.Count ?? 0);
        var featureWidth = _encoder.Width;
        var pool = _predictors.Value;
        var predictor = pool.Get();
        var predictions = new ModelPrediction[rows];
        Span<double> combined = stackalloc double[width];
        try
        {
            for (var r = 0; r < rows; r++)
            {
                combined.Clear();
                predictor.Predict(features.AsSpan(r * featureWidth, featureWidth), combined);
                predictions[r] = ToPrediction(combined);
            }
        }
        finally
        {
            pool.Return(predictor);
        }
        return predictions;
    }

    private ModelPrediction[] PredictView(float[] features, int rows)
    {
        var combined = Combine(features, rows);
        var width = Metrics.Width(Manifest.Task, Manifest.Labels?.Count ?? 0);
        return [.. Enumerable.Range(0, rows).Select(r => ToPrediction(combined.AsSpan(r * width, width)))];
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

    private ModelPrediction ToPrediction(ReadOnlySpan<double> combined)
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
