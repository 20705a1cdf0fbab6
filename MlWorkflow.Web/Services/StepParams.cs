using System.Text.Json;

namespace MlWorkflow.Web.Services;

/// <summary>A step's parameters as the user edits them: strings as they are, other JSON values as their JSON text.</summary>
public static class StepParams
{
    public static string ToText(JsonElement value) =>
        value.ValueKind == JsonValueKind.String ? value.GetString() ?? "" : value.GetRawText();

    /// <summary>Text that parses as JSON (a number, true, null, an array…) keeps that type; anything else becomes a string.</summary>
    public static JsonElement FromText(string? text)
    {
        var trimmed = text?.Trim() ?? "";
        if (trimmed.Length > 0)
        {
            try
            {
                using var document = JsonDocument.Parse(trimmed);
                return document.RootElement.Clone();
            }
            catch (JsonException)
            {
            }
        }
        return JsonSerializer.SerializeToElement(text ?? "");
    }

    public static IReadOnlyDictionary<string, JsonElement> With(IReadOnlyDictionary<string, JsonElement> parameters, string name, string? text) =>
        new Dictionary<string, JsonElement>(parameters) { [name] = FromText(text) };
}
