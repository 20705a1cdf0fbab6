using System.Globalization;
using System.Text.Json;

namespace MlWorkflow.Web.Services;

/// <summary>
/// A deployment's test form: one text per input column of the served model, starting from <see cref="SampleRow"/>, read
/// back into a predict row by the column's type. What does not read as its type is sent as typed, so the Api says what is
/// wrong with it under that field (<c>rows[0].{column}</c>).
/// </summary>
public sealed class PredictForm
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web);
    private readonly Dictionary<string, string> _values;

    public PredictForm(IReadOnlyList<InputColumnRecord> columns, IReadOnlyDictionary<string, JsonElement>? sample = null)
    {
        Columns = columns;
        var row = SampleRow(columns, sample);
        _values = columns.ToDictionary(c => c.Name, c => Text(row[c.Name]), StringComparer.Ordinal);
    }

    public IReadOnlyList<InputColumnRecord> Columns { get; }

    public string this[string column]
    {
        get => _values.GetValueOrDefault(column, "");
        set => _values[column] = value ?? "";
    }

    /// <summary>The form as one predict row; an empty field is null (missing, which the model handles as at training).</summary>
    public IReadOnlyDictionary<string, object?> Row() => Columns.ToDictionary(c => c.Name, c => Read(c, this[c.Name]), StringComparer.Ordinal);

    public static bool IsNumber(InputColumnRecord column) => column.Type is "numeric" or "integer";

    public static bool IsBoolean(InputColumnRecord column) => column.Type == "boolean";

    /// <summary>
    /// A row a model accepts, for examples: the deployment's <paramref name="sample"/> (typical of the training data) where it
    /// has the column, else a categorical column's first category, false for booleans, 0 for numbers, and null (missing)
    /// where no value can be derived from the schema (text, dates).
    /// </summary>
    public static IReadOnlyDictionary<string, object?> SampleRow(IReadOnlyList<InputColumnRecord> columns, IReadOnlyDictionary<string, JsonElement>? sample = null) =>
        columns.ToDictionary(c => c.Name, c => sample?.GetValueOrDefault(c.Name) is { } value ? FromJson(value) : SampleValue(c), StringComparer.Ordinal);

    private static object? FromJson(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number => value.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.String => value.GetString(),
        _ => null,
    };

    /// <summary>A <c>curl</c> command that predicts <paramref name="row"/> at <paramref name="url"/> with a deployment key.</summary>
    public static string Curl(string url, IReadOnlyDictionary<string, object?> row)
    {
        var body = JsonSerializer.Serialize(new PredictRequest([row]), s_json);
        return $"""
            curl -X POST {ShellQuote(url)} \
              -H 'X-Api-Key: YOUR_DEPLOYMENT_KEY' \
              -H 'Content-Type: application/json' \
              -d {ShellQuote(body)}
            """;
    }

    private static object? SampleValue(InputColumnRecord column) => column switch
    {
        { Categories: [var first, ..] } when !IsBoolean(column) => first,
        _ when IsBoolean(column) => false,
        _ when IsNumber(column) => 0d,
        _ => null,
    };

    private static string Text(object? value) => value switch
    {
        null => "",
        bool b => b ? "true" : "false",
        double d => d.ToString(CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    private static object? Read(InputColumnRecord column, string text)
    {
        text = text.Trim();
        if (text.Length == 0)
        {
            return null;
        }
        if (IsNumber(column) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return number;
        }
        if (IsBoolean(column) && bool.TryParse(text, out var flag))
        {
            return flag;
        }
        return text;
    }

    // Single quotes keep everything literal in a POSIX shell; a quote inside ends the string, adds an escaped one, reopens.
    private static string ShellQuote(string text) => $"'{text.Replace("'", "'\\''", StringComparison.Ordinal)}'";
}
