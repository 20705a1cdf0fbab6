namespace MlWorkflow.Engine.Csv;

/// <summary>The columns and the first data rows in file order; an empty field is <see langword="null"/>.</summary>
public sealed record CsvPreviewResult(IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<string?>> Rows);
