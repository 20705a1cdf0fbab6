using System.Text.Json;

namespace MlWorkflow.Web.Services;

// The basic profile (Dataset.profile). Deeper fields (quantiles, histograms, correlations) come later; every
// field Web reads may be null or missing, so each is nullable.
public sealed record DatasetProfile(
    long? RowCount,
    int? ColumnCount,
    long? MissingCells,
    long? DuplicateRows,
    IReadOnlyList<string>? MissingTokens,
    IReadOnlyList<ColumnProfile>? Columns);

public sealed record ColumnProfile(
    string Name,
    string? Type,
    long? Missing,
    double? MissingPct,
    long? Distinct,
    bool? DistinctIsEstimate,
    JsonElement? Min,
    JsonElement? Max,
    double? Mean,
    double? Std,
    IReadOnlyList<TopValue>? TopValues,
    int? MinLength,
    int? MaxLength);

public sealed record TopValue(JsonElement? Value, long Count);
