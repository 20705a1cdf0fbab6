namespace MlWorkflow.Engine.Csv;

public enum CsvErrorCode
{
    Empty,
    HeaderOnly,
    Binary,
    Undecodable,
    RaggedRow,
    DuplicateColumnName,
    EmptyColumnName,
    FieldTooLarge,
    TooManyColumns,
    UnterminatedQuote,
    NoDelimiter,
}
