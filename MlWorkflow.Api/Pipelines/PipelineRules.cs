using System.Collections.Frozen;
using System.Reflection;
using MlWorkflow.Engine.Suggestions;

namespace MlWorkflow.Api.Pipelines;

/// <summary>The limits a saved pipeline must respect (DESIGN "Saved pipeline").</summary>
public static class PipelineRules
{
    public const int MaxSteps = 200;
    public const int MaxIdLength = 100;
    public const int MaxParamsBytes = 16 * 1024;
    public const int MaxRationaleLength = 2_000;

    /// <summary>Largest accepted request body: 200 steps of 16 KB params fit with room to spare.</summary>
    public const long MaxBodyBytes = 8L << 20;

    /// <summary>Every op the Engine defines (the constants of <see cref="PipelineOps"/>).</summary>
    public static readonly FrozenSet<string> Ops = typeof(PipelineOps)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(field => field.IsLiteral && field.FieldType == typeof(string))
        .Select(field => (string)field.GetRawConstantValue()!)
        .ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Ops that work on rows, so may list no column.</summary>
    public static readonly FrozenSet<string> RowOps = FrozenSet.Create(StringComparer.Ordinal, PipelineOps.DropDuplicates, PipelineOps.DropMissingTarget);
}
