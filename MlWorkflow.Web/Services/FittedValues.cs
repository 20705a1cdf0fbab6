using System.Text.Json;

namespace MlWorkflow.Web.Services;

/// <summary>
/// Reads what pipeline steps fitted (a derived dataset's <c>lineage.fitted</c>, the Engine's fitted pipeline, or a model's
/// <c>fittedSteps</c>) without depending on its exact shape: a step's entry is found by its id (an array of steps, or an
/// object keyed by step id), each fitted column is worded for its op (<see cref="FittedText"/>) and any other value is
/// shown as short text. Web then keeps working when the Engine adds fields or ops.
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
    /// The entry's fields, leaving out what the step itself shows (id, op, column names). Fitted columns
    /// (<c>columns: [{name, …}]</c>) give one field per column, worded by <see cref="FittedText.Column"/> for the step's op;
    /// <c>rowsRemoved</c> reads "removed 12 rows"; any other field is its name and <see cref="Describe"/>.
    /// </summary>
    public static IReadOnlyList<FittedField> Fields(JsonElement entry)
    {
        if (entry.ValueKind != JsonValueKind.Object)
        {
            return [new("value", "value", Describe(entry))];
        }
        var op = StringProperty(entry, "op");
        var fields = new List<FittedField>();
        foreach (var property in entry.EnumerateObject())
        {
            if (property.Name == "columns" && property.Value.ValueKind == JsonValueKind.Array
                && property.Value.EnumerateArray().All(c => c.ValueKind == JsonValueKind.Object && StringProperty(c, "name") is not null))
            {
                // A column with nothing fitted (drop_columns) says nothing the step does not.
                fields.AddRange(property.Value.EnumerateArray()
                    .Select(c => (Name: StringProperty(c, "name")!, Text: FittedText.Column(op, c)))
                    .Where(column => column.Text.Length > 0)
                    .Select(column => new FittedField(column.Name, column.Name, column.Text)));
            }
            else if (property.Name == "rowsRemoved" && property.Value.ValueKind == JsonValueKind.Number && property.Value.TryGetInt64(out var rows))
            {
                fields.Add(new(property.Name, "removed", FittedText.Rows(rows)));
            }
            else if (!s_stepKeys.Contains(property.Name))
            {
                fields.Add(new(property.Name, property.Name, Describe(property.Value)));
            }
        }
        return fields;
    }

    /// <summary>A scalar as text; objects and arrays two levels deep as "key = value, …" and "[a, b]"; deeper as JSON.</summary>
    public static string Describe(JsonElement value, string? skip = null) => Shorten(Text(value, depth: 0, skip));

    /// <summary>Text cut to what a line of the page holds, ending in "…" when cut.</summary>
    public static string Shorten(string text) => text.Length > MaxText ? text[..(MaxText - 1)] + "…" : text;

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

/// <summary>
/// One line of what a step fitted: <paramref name="Name"/> is the column or field it is about (the page's
/// <c>data-field</c>), <paramref name="Label"/> what the page shows for it, <paramref name="Text"/> the fitted values in words.
/// </summary>
public sealed record FittedField(string Name, string Label, string Text);
