namespace MlWorkflow.Engine.Csv;

/// <summary>Bounds that keep inspecting an uploaded file safe: memory stays proportional to these, never to the file.</summary>
public sealed record CsvLimits
{
    public static CsvLimits Default { get; } = new();

    public int MaxColumns { get; init; } = 2_000;

    public int MaxFieldChars { get; init; } = 1_048_576;

    public int MaxColumnNameChars { get; init; } = 512;

    /// <summary>How many leading bytes are buffered to detect the encoding and the delimiter.</summary>
    public int SniffBytes { get; init; } = 65_536;
}
