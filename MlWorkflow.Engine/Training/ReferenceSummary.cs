using System.Text.Json.Serialization;

namespace MlWorkflow.Engine.Training;

/// <summary>
/// What the training data looked like, kept in the package so a drift check compares logged rows without the training
/// file: per input column as callers send it (not per encoded feature: a one-hot column is still one column), and the
/// distribution of the model's own predictions on its training rows. <see cref="MissingTokens"/> are the cells that counted
/// as missing; a null or empty cell always does.
/// </summary>
public sealed record ReferenceSummary(
    long Rows,
    IReadOnlyList<FeatureReference> Features,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] FeatureReference? Prediction = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? MissingTokens = null)
{
    /// <summary>Quantile bins per number column (fewer when edges repeat).</summary>
    public const int Bins = 10;

    /// <summary>Categories kept per column, the most frequent; the rest count as <see cref="CategoryReference.Other"/>.</summary>
    public const int MaxCategories = 100;

    /// <summary>The name of <see cref="Prediction"/>.</summary>
    public const string PredictionName = "prediction";
}

/// <summary>
/// One column: <see cref="Kind"/> is <c>number</c>, <c>boolean</c> or <c>category</c> (<see cref="FeatureSpec"/>'s kinds);
/// <see cref="MissingRate"/> counts missing cells and cells that do not read as the kind (unreadable numbers and booleans
/// are missing to the model too). Numbers have <see cref="Number"/>, booleans (<c>false</c>/<c>true</c>) and categories
/// <see cref="Category"/>; neither when the column had no value.
/// </summary>
public sealed record FeatureReference(
    string Name,
    string Kind,
    double MissingRate,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] NumberReference? Number = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] CategoryReference? Category = null);

/// <summary>
/// A number column's values: <see cref="Edges"/> are the deciles' nearest-rank values without repeats (so the bins are
/// [e0, e1), …, [e(k−1), ek]) with <see cref="Counts"/> per bin; <see cref="Quantiles"/> are the linear quantiles at
/// <see cref="QuantileLevels"/>, the sketch a Wasserstein distance is computed from. <see cref="Count"/> is the values
/// read; mean, std (population), min and max are exact. When <see cref="Sampled"/> is below <see cref="Count"/>, the
/// quantiles and counts come from a uniform sample of that many values, the counts scaled to <see cref="Count"/>.
/// </summary>
public sealed record NumberReference(
    long Count,
    IReadOnlyList<double> Edges,
    IReadOnlyList<long> Counts,
    IReadOnlyList<double> Quantiles,
    double Mean,
    double Std,
    double Min,
    double Max,
    long Sampled)
{
    /// <summary>
    /// 0, 0.001, …, 0.009, then every 1 % to 0.99, then 0.991, …, 0.999, 1 (119 levels). The tails are ten times finer: a
    /// long tail's last 1 % spread evenly up to the maximum would misplace that 1 % of the mass by far.
    /// </summary>
    public static IReadOnlyList<double> QuantileLevels { get; } =
    [
        .. Enumerable.Range(0, 10).Select(i => i / 1000.0),
        .. Enumerable.Range(1, 99).Select(i => i / 100.0),
        .. Enumerable.Range(991, 9).Select(i => i / 1000.0),
        1.0,
    ];
}

/// <summary>The most frequent categories (at most <see cref="ReferenceSummary.MaxCategories"/>, by count then name) and what the rest add up to.</summary>
public sealed record CategoryReference(IReadOnlyList<string> Categories, IReadOnlyList<long> Counts, long Other);
