using System.Globalization;
using MlWorkflow.Engine.Csv;

namespace MlWorkflow.Engine.Profiling;

/// <summary>The log lines a user reads while a profile runs, in one place so they read alike.</summary>
internal static class ProfileMessages
{
    private const int ListedColumns = 20;

    public static string Start(long totalBytes, CsvDialect dialect, ProfileOptions options) => string.Format(
        CultureInfo.InvariantCulture,
        "Profiling {0} ({1}, {2}, delimiter {3}) in one pass. Missing values: {4}. Distinct values counted exactly up to {5:N0} per column. Quantiles and histograms from a KLL sketch (rank within ±1%). Correlations on a sample of {6:N0} rows.",
        totalBytes > 0 ? Bytes(totalBytes) : "a file of unknown size",
        dialect.Format,
        dialect.EncodingName,
        dialect.Delimiter == '\t' ? "tab" : $"'{dialect.Delimiter}'",
        string.Join(", ", options.MissingTokens.Select(token => token.Length == 0 ? "(empty)" : $"\"{token}\"")),
        options.DistinctCap,
        options.CorrelationSampleRows);

    public static string Header(IReadOnlyList<string> columns) => string.Format(
        CultureInfo.InvariantCulture,
        "Header: {0:N0} columns: {1}{2}.",
        columns.Count,
        string.Join(", ", columns.Take(ListedColumns)),
        columns.Count > ListedColumns ? ", …" : "");

    public static string Scanned(long rows, long bytesRead, long totalBytes) => string.Format(
        CultureInfo.InvariantCulture, "Read {0:N0} rows, {1} of {2}.", rows, Bytes(bytesRead), Bytes(totalBytes));

    public static void LogSummary(IEngineProgress progress, DatasetProfile profile, TimeSpan elapsed, long bytesRead)
    {
        foreach (var column in profile.Columns)
        {
            progress.Log(EngineLogLevel.Information, "columns", string.Format(
                CultureInfo.InvariantCulture,
                "{0}: {1}, {2:N0} missing ({3:0.#}%), {4}{5:N0} distinct.",
                column.Name, column.Type.ToString().ToLowerInvariant(), column.Missing, column.MissingPct,
                column.DistinctIsEstimate ? "about " : "", column.Distinct));
        }
        var seconds = Math.Max(elapsed.TotalSeconds, 1e-3);
        progress.Log(EngineLogLevel.Information, "done", string.Format(
            CultureInfo.InvariantCulture,
            "Profiled {0:N0} rows × {1:N0} columns in {2:0.00} s ({3:0.#} MB/s): {4:N0} missing cells, {5}{6:N0} duplicate rows.",
            profile.RowCount, profile.ColumnCount, elapsed.TotalSeconds, bytesRead / 1e6 / seconds,
            profile.MissingCells, profile.DuplicateRowsIsEstimate ? "about " : "", profile.DuplicateRows));
    }

    private static string Bytes(long bytes) => bytes switch
    {
        < 1_000 => string.Format(CultureInfo.InvariantCulture, "{0} bytes", bytes),
        < 1_000_000 => string.Format(CultureInfo.InvariantCulture, "{0:0.#} kB", bytes / 1e3),
        < 1_000_000_000 => string.Format(CultureInfo.InvariantCulture, "{0:0.#} MB", bytes / 1e6),
        _ => string.Format(CultureInfo.InvariantCulture, "{0:0.##} GB", bytes / 1e9),
    };
}
