namespace MlWorkflow.Engine.Csv;

/// <summary>
/// A file that reads as a table: <see cref="RowCount"/> counts data rows (the header excluded; blank lines
/// are not rows) and <see cref="ByteCount"/> every byte of the file, a byte-order mark included.
/// </summary>
public sealed record CsvInspection(CsvDialect Dialect, IReadOnlyList<string> Columns, long RowCount, long ByteCount);
