using System.Text.Json;

namespace MlWorkflow.Web.Services;

// The profile (Dataset.profile) as Web reads it: the Engine's DatasetProfile serialized with the web defaults.
// Every field may be null or missing (older profiles, fields added later), so each is nullable.
public sealed record DatasetProfile(
    long? RowCount,
    int? ColumnCount,
    long? MissingCells,
    long? DuplicateRows,
    bool? DuplicateRowsIsEstimate,
    IReadOnlyList<string>? MissingTokens,
    IReadOnlyList<ColumnProfile>? Columns,
    CorrelationMatrix? Correlations = null,
    IReadOnlyList<CorrelationMatrix>? CorrelationMatrices = null,
    IReadOnlyList<TargetCandidate>? TargetCandidates = null,
    IReadOnlyList<ProfileAlert>? Alerts = null);

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
    int? MaxLength,
    string? MinDate = null,
    string? MaxDate = null,
    QuantileSummary? Quantiles = null,
    double? Skewness = null,
    long? Zeros = null,
    long? Infinite = null,
    Histogram? Histogram = null,
    Histogram? DateHistogram = null);

public sealed record TopValue(JsonElement? Value, long Count);

public sealed record QuantileSummary(double? P01, double? P05, double? P25, double? P50, double? P75, double? P95, double? P99);

/// <summary>Bins [edges[i], edges[i+1]); edges are numbers, or ISO dates for a datetime column.</summary>
public sealed record Histogram(IReadOnlyList<JsonElement>? Edges, IReadOnlyList<long>? Counts);

/// <summary>Association of each pair of columns; null where undefined.</summary>
public sealed record CorrelationMatrix(string? Method, IReadOnlyList<string>? Columns, IReadOnlyList<IReadOnlyList<double?>>? Matrix);

/// <summary>Task is "binary", "multiclass" or "regression"; confidence in [0, 1].</summary>
public sealed record TargetCandidate(string Column, string? Task, double? Confidence, string? Rationale);

/// <summary>Severity is "info", "warning" or "error".</summary>
public sealed record ProfileAlert(string? Type, string? Column, string? Severity, string? Message)
{
    /// <summary>Sort key: errors first.</summary>
    public int Rank => Severity switch { "error" => 0, "warning" => 1, _ => 2 };
}
