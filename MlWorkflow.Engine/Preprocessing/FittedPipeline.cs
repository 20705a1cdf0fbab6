using System.Text.Json;
using System.Text.Json.Serialization;
using MlWorkflow.Engine.Profiling;
using MlWorkflow.Engine.Training;

namespace MlWorkflow.Engine.Preprocessing;

/// <summary>
/// What a preprocessing run learned, as plain data: the input columns and their types, the missing tokens, each enabled
/// step with its fitted values per column, and the output columns. <see cref="TransformRow"/> applies it to one row
/// at predict time exactly as the run wrote its output (row filters do not apply there).
/// </summary>
public sealed record FittedPipeline(
    string Target,
    IReadOnlyList<string> MissingTokens,
    IReadOnlyList<FittedInput> Inputs,
    IReadOnlyList<string> Outputs,
    IReadOnlyList<FittedStep> Steps)
{
    private RowTransformer? _transformer;

    /// <summary>
    /// The input columns of the rows it was fitted on, as read before any step (number, boolean and categorical columns but
    /// the target): the drift reference of a model trained through this pipeline. Null in pipelines fitted before it was kept.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ReferenceSummary? InputReference { get; init; }

    public string ToJson() => JsonSerializer.Serialize(this, EngineJson.Options);

    /// <exception cref="JsonException">The text is not a fitted pipeline.</exception>
    public static FittedPipeline FromJson(string json) =>
        JsonSerializer.Deserialize<FittedPipeline>(json, EngineJson.Options) ?? throw new JsonException("The fitted pipeline is JSON null.");

    /// <summary>The output cells of one input row, in the order of <see cref="Outputs"/>; null is a missing value.</summary>
    /// <param name="row">Input values by column name; an absent column or a null value is missing (the target usually is).</param>
    /// <exception cref="PreprocessDataException">A value cannot go through a step (a word in a number column, a value below −1 for log1p).</exception>
    public IReadOnlyList<string?> TransformRow(IReadOnlyDictionary<string, string?> row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return (_transformer ??= new RowTransformer(this)).TransformRow(row);
    }
}

public sealed record FittedInput(string Name, ColumnType Type);

/// <summary>An enabled step with its fitted columns; <c>RowsRemoved</c> is what drop_duplicates and drop_missing_target removed while fitting.</summary>
public sealed record FittedStep(
    string Id,
    string Op,
    IReadOnlyList<FittedColumn> Columns,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? RowsRemoved = null)
{
    private static readonly JsonElement s_noParams = JsonDocument.Parse("{}").RootElement.Clone();

    /// <summary>The step as a pipeline lists it, when the spec it was fitted from is not at hand: its params are not kept here.</summary>
    public PipelineStepSpec ToSpec() => new(Id, Op, [.. Columns.Select(c => c.Name)], s_noParams, null, null, true);
}

/// <summary>
/// One column of a step with what was fitted on it; only the fields of the step's op are set. impute: <see cref="Strategy"/>
/// and <see cref="FillNumber"/> (number columns) or <see cref="FillText"/>, <see cref="AlsoMissing"/>; standard_scale and
/// robust_scale: (x − <see cref="Center"/>) / <see cref="Scale"/>; minmax_scale: <see cref="Min"/>, <see cref="Max"/>;
/// clip_outliers: <see cref="Lower"/>, <see cref="Upper"/>; one_hot and ordinal_encode: <see cref="Categories"/> (strings)
/// or <see cref="NumberCategories"/>, in output order (ordinal: code 0 first); one_hot and date_parts: <see cref="Outputs"/>;
/// text_features: <see cref="WordNgrams"/> and <see cref="CharNgrams"/>, the n-grams training counts (the text itself passes on).
/// </summary>
public sealed record FittedColumn(string Name)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Strategy { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public double? FillNumber { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? FillText { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public IReadOnlyList<string>? AlsoMissing { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public double? Center { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public double? Scale { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public double? Min { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public double? Max { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public double? Lower { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public double? Upper { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public IReadOnlyList<string>? Categories { get; init; }

    /// <summary>Number categories, sorted; infinite ones are written "Infinity" / "-Infinity".</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [JsonNumberHandling(JsonNumberHandling.AllowNamedFloatingPointLiterals)]
    public IReadOnlyList<double>? NumberCategories { get; init; }

    /// <summary>one_hot: missing values had their own category, the last output (<c>{column}_nan</c>).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public bool? MissingCategory { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public IReadOnlyList<string>? Parts { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public IReadOnlyList<string>? Outputs { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public int? WordNgrams { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public int? CharNgrams { get; init; }
}
