namespace MlWorkflow.Engine.Csv;

internal interface ICsvRecordHandler
{
    /// <param name="fieldCount">Fields in the record (at least one).</param>
    /// <param name="line">1-based physical line the record starts on.</param>
    /// <param name="fields">The values while <see cref="CsvTokenizer.Capture"/> is on (an empty value is null), else empty.</param>
    void OnRecord(int fieldCount, long line, IReadOnlyList<string?> fields);
}
