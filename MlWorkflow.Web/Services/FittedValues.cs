using System.Text.Json;

namespace MlWorkflow.Web.Services;

/// <summary>
/// Reads what pipeline steps fitted (a derived dataset's <c>lineage.fitted</c>, the Engine's fitted pipeline, or a model's
/// <c>fittedSteps</c>) without depending on its exact shape: a step's entry is found by its id (an array of steps, or an
/// object keyed by step id), and every value is shown as short text. Web then keeps working when the Engine adds fields.
/// </summary>
public static class FittedValues
{
    private const int MaxText = 240;
    private static readonly HashSet<string> s_stepKeys = new(StringComparer.OrdinalIgnoreCase) { "id", "stepId", "op", "columns", "enabled" };

    /// <summary>
    /// The fitted entry of step <paramref name="stepId"/>, or null when <paramref name="fitted"/> has none for it. Fitted
    /// steps are listed in the order the enabled steps ran, so the entry at <paramref name="position"/> (the step's place
    /// among the enabled ones) is taken when it has that id: a model applying several pipelines can list two steps with
    /// one id (the same op on the same columns). Otherwise the first entry with the id.
    /// </summary>
    public static JsonElement? ForStep(JsonElement? fitted, string stepId, int? position = null)
    {
        if (fitted is not { } root)
        {
            return null;
        }
        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty(stepId, out var keyed))
        {
            return keyed;
        }
        var steps = root.ValueKind == JsonValueKind.Array ? root
            : root.ValueKind == JsonValueKind.Object && root.TryGetProperty("steps", out var list) && list.ValueKind == JsonValueKind.Array ? list
            : (JsonElement?)null;
        if (steps is not { } array)
        {
            return null;
        }
        if (position is { } at && at >= 0 && at < array.GetArrayLength() && IsStep(array[at], stepId))
        {
            return array[at];
        }
        return array.EnumerateArray().Cast<JsonElement?>().FirstOrDefault(s => IsStep(s!.Value, stepId));
    }

    /// <summary>
    /// The entry's fields as (name, text), leaving out what the step itself shows (id, op, column names); fitted columns
    /// (<c>columns: [{name, …}]</c>) give one field per column.
    /// </summary>
    public static IReadOnlyList<(string Name, string Value)> Fields(JsonElement entry)
    {
        if (entry.ValueKind != JsonValueKind.Object)
        {
            return [("value", Describe(entry))];
        }
        var fields = new List<(string, string)>();
        foreach (var property in entry.EnumerateObject())
        {
            if (property.Name == "columns" && property.Value.ValueKind == JsonValueKind.Array
                && property.Value.EnumerateArray().All(c => c.ValueKind == JsonValueKind.Object && StringProperty(c, "name") is not null))
            {
                // A column with nothing fitted (drop_columns) says nothing the step does not.
                fields.AddRange(property.Value.EnumerateArray().Select(c => (StringProperty(c, "name")!, Describe(c, skip: "name")))
                    .Where(field => field.Item2.Length > 0));
            }
            else if (!s_stepKeys.Contains(property.Name))
            {
                fields.Add((property.Name, Describe(property.Value)));
            }
        }
        return fields;
    }

    /// <summary>A scalar as text; objects and arrays two levels deep as "key = value, …" and "[a, b]"; deeper as JSON.</summary>
    public static string Describe(JsonElement value, string? skip = null)
    {
        var text = Text(value, depth: 0, skip);
        return text.Length > MaxText ? text[..(MaxText - 1)] + "…" : text;
    }

    private static string Text(JsonElement value, int depth, string? skip = null) => value.ValueKind switch
    {
        JsonValueKind.Object or JsonValueKind.Array when depth >= 2 => value.GetRawText(),
        JsonValueKind.Object => string.Join(", ", value.EnumerateObject().Where(p => p.Name != skip).Select(p => $"{p.Name} = {Text(p.Value, depth + 1)}")),
        JsonValueKind.Array => $"[{string.Join(", ", value.EnumerateArray().Select(v => Text(v, depth + 1)))}]",
        _ => Format.Value(value),
    };

    private static bool IsStep(JsonElement entry, string stepId) =>
        entry.ValueKind == JsonValueKind.Object && (StringProperty(entry, "id") ?? StringProperty(entry, "stepId")) == stepId;

    private static string? StringProperty(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
