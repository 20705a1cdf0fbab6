namespace MlWorkflow.Engine.Csv;

/// <summary>A file that cannot be read as a table. <see cref="Exception.Message"/> says what is wrong, <see cref="Fix"/> how to fix it.</summary>
public sealed class CsvFormatException(CsvErrorCode code, string message, string fix, long? line = null)
    : Exception(message)
{
    public CsvErrorCode Code { get; } = code;

    public string Fix { get; } = fix;

    /// <summary>The 1-based physical line the problem was found on, when it is known.</summary>
    public long? Line { get; } = line;
}
