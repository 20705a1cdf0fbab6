using System.IO.Hashing;
using System.Text;
using System.Text.Json;

namespace MlWorkflow.Engine.Suggestions;

/// <summary>Builds steps with stable ids and JSON parameters.</summary>
internal static class StepFactory
{
    public static PipelineStep Step(string op, IEnumerable<string> columns, double confidence, string rationale, params (string Name, object? Value)[] parameters)
    {
        var list = columns.ToList();
        var values = parameters.ToDictionary(parameter => parameter.Name, parameter => JsonSerializer.SerializeToElement(parameter.Value));
        return new PipelineStep(StepId(op, list), op, list, values, Math.Round(Math.Clamp(confidence, 0, 1), 3), rationale);
    }

    /// <summary>"op-" + 12 hex digits of XxHash3 over the op and the columns (sorted, so the order they are listed in does not matter).</summary>
    public static string StepId(string op, IEnumerable<string> columns)
    {
        var key = string.Join('\u001f', columns.Order(StringComparer.Ordinal).Prepend(op));
        var hash = XxHash3.HashToUInt64(Encoding.UTF8.GetBytes(key));
        return $"{op}-{hash & 0xFFFF_FFFF_FFFF:x12}";
    }
}
