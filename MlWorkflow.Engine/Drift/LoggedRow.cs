using System.Text.Json;
using MlWorkflow.Engine.Training;

namespace MlWorkflow.Engine.Drift;

/// <summary>
/// A row a deployment predicted: its input cells by column name (null or absent = missing; columns the model does not read
/// are ignored) and what the model answered (the label for classifiers, the value for regression; null if unknown).
/// </summary>
public sealed record LoggedRow(IReadOnlyDictionary<string, string?> Inputs, ModelPrediction? Prediction)
{
    /// <summary>
    /// A row from a JSON object of scalars as a client sent it: strings as they are, numbers as written (<c>22.5</c> →
    /// "22.5"), <c>true</c>/<c>false</c> as "true"/"false", null as missing; an object or array is kept as its JSON text
    /// (it reads as an invalid value).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="inputs"/> is not a JSON object.</exception>
    public static LoggedRow FromJson(JsonElement inputs, ModelPrediction? prediction)
    {
        if (inputs.ValueKind != JsonValueKind.Object)
        {
            throw new ArgumentException($"A logged row's inputs are a JSON object, not {inputs.ValueKind}.", nameof(inputs));
        }
        var cells = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var property in inputs.EnumerateObject())
        {
            cells[property.Name] = property.Value.ValueKind switch
            {
                JsonValueKind.String => property.Value.GetString(),
                JsonValueKind.Null or JsonValueKind.Undefined => null,
                JsonValueKind.True => "true",
                JsonValueKind.False => "false",
                _ => property.Value.GetRawText(),
            };
        }
        return new LoggedRow(cells, prediction);
    }
}
