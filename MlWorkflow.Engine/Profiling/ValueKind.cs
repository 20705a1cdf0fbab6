namespace MlWorkflow.Engine.Profiling;

/// <summary>How a single non-missing value parses, tried in this order.</summary>
internal enum ValueKind
{
    Integer,
    Decimal,
    Boolean,
    Date,
    DateTime,
    Text,
}
