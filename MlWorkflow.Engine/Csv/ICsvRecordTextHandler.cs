namespace MlWorkflow.Engine.Csv;

/// <summary>Receives each record's fields as spans of the tokenizer's buffer, without a string per field.</summary>
internal interface ICsvRecordTextHandler
{
    /// <param name="record">The fields; valid only during the call.</param>
    /// <param name="line">1-based physical line the record starts on.</param>
    void OnRecordText(CsvRecord record, long line);
}
