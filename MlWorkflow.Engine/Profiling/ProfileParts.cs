namespace MlWorkflow.Engine.Profiling;

public sealed record TopValue(string Value, long Count);

public sealed record QuantileSummary(double P01, double P05, double P25, double P50, double P75, double P95, double P99);

public sealed record Histogram(IReadOnlyList<double> Edges, IReadOnlyList<long> Counts);

public sealed record CorrelationMatrix(string Method, IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<double?>> Matrix);

/// <summary>A column that could be the target: <c>Task</c> is "binary", "multiclass" or "regression"; <c>Confidence</c> in [0, 1].</summary>
public sealed record TargetCandidate(string Column, string Task, double Confidence, string Rationale);

/// <summary>A data-quality finding; <c>Severity</c> is "info", "warning" or "error".</summary>
public sealed record ProfileAlert(string Type, string? Column, string Severity, string Message);
