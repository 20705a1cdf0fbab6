namespace MlWorkflow.Engine.Csv;

/// <summary>Receives each record as one piece of text and its field boundaries, without a string per field.</summary>
internal interface ICsvRecordTextHandler
{
    /// <param name="text">The record's field values one after another (quotes removed, doubled quotes undone); valid only during the call.</param>
    /// <param name="fieldEnds">For each field, the offset in <paramref name="text"/> just past its last character; valid only during the call.</param>
    /// <param name="line">1-based physical line the record starts on.</param>
    void OnRecordText(ReadOnlySpan<char> text, ReadOnlySpan<int> fieldEnds, long line);
}
