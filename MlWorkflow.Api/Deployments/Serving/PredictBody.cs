using System.Globalization;
using System.Text.Json;

namespace MlWorkflow.Api.Deployments.Serving;

/// <summary>
/// A predict body read in one pass with <see cref="Utf8JsonReader"/>: <c>{"rows": [{column: value}, …]}</c> into cells in
/// input-schema order (null = missing: a null value or an absent column, which the model treats as at training).
/// Columns the model does not use are skipped unread; other top-level properties are ignored.
/// </summary>
public sealed class PredictBody
{
    public const int MaxRows = 10_000;

    /// <summary>A request with more bad cells lists this many and counts the rest.</summary>
    public const int MaxListedErrors = 100;

    private static readonly JsonReaderOptions s_options = new() { CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 64 };

    private readonly Dictionary<string, string[]> _errors = new(StringComparer.Ordinal);

    private PredictBody()
    {
    }

    /// <summary>Each row's cells in input-schema order; empty when <see cref="Errors"/> has any.</summary>
    public List<string?[]> Rows { get; } = [];

    /// <summary>Problems keyed like <c>rows[3].age</c> (or <c>rows</c>, <c>body</c>), at most <see cref="MaxListedErrors"/>.</summary>
    public IReadOnlyDictionary<string, string[]> Errors => _errors;

    /// <summary>How many problems were found, listed or not.</summary>
    public int ErrorCount { get; private set; }

    public bool IsValid => ErrorCount == 0;

    public static PredictBody Parse(ReadOnlySpan<byte> json, InputRowSchema schema)
    {
        var body = new PredictBody();
        var reader = new Utf8JsonReader(json, s_options);
        try
        {
            body.ReadRoot(ref reader, schema);
        }
        catch (JsonException e)
        {
            body.Rows.Clear();
            body._errors.Clear();
            body.ErrorCount = 0;
            body.Add("body", $"The body is not valid JSON: {e.Message}");
        }
        if (!body.IsValid)
        {
            body.Rows.Clear();
        }
        return body;
    }

    /// <summary>Adds a problem met after parsing (a value a pipeline step cannot take).</summary>
    public void Add(string key, string message)
    {
        ErrorCount++;
        if (_errors.TryGetValue(key, out var messages))
        {
            _errors[key] = [.. messages, message];
        }
        else if (_errors.Count < MaxListedErrors)
        {
            _errors[key] = [message];
        }
    }

    private void ReadRoot(ref Utf8JsonReader reader, InputRowSchema schema)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            Add("body", "The body must be a JSON object: {\"rows\": [{\"column\": value, …}, …]}.");
            return;
        }
        var sawRows = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isRows = reader.ValueTextEquals("rows"u8);
            reader.Read();
            if (!isRows)
            {
                reader.Skip();
                continue;
            }
            if (sawRows)
            {
                Add("rows", "'rows' is given twice; send it once.");
                reader.Skip();
                continue;
            }
            sawRows = true;
            if (!ReadRows(ref reader, schema))
            {
                return;
            }
        }
        // Anything after the object (a second value, stray characters) makes the body invalid JSON.
        if (reader.Read())
        {
            throw new JsonException("There is more after the body's object.");
        }
        if (!sawRows)
        {
            Add("rows", "'rows' is missing: send {\"rows\": [{\"column\": value, …}]} with 1 to 10,000 rows.");
        }
    }

    /// <returns>False when reading stopped early (too many rows).</returns>
    private bool ReadRows(ref Utf8JsonReader reader, InputRowSchema schema)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            Add("rows", "'rows' must be an array of rows, each an object of column: value.");
            reader.Skip();
            return true;
        }
        var seen = new int[schema.Count];
        var index = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (index == MaxRows)
            {
                Add("rows", string.Create(CultureInfo.InvariantCulture,
                    $"There are more than {MaxRows:N0} rows; a request predicts at most {MaxRows:N0}: split the rows into several requests."));
                return false;
            }
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                Add(RowKey(index), "A row must be an object of column: value.");
                reader.Skip();
            }
            else
            {
                var cells = ReadRow(ref reader, schema, index, seen);
                if (IsValid)
                {
                    Rows.Add(cells);
                }
            }
            index++;
        }
        if (index == 0)
        {
            Add("rows", "'rows' is empty: send 1 to 10,000 rows.");
        }
        return true;
    }

    private string?[] ReadRow(ref Utf8JsonReader reader, InputRowSchema schema, int index, int[] seen)
    {
        var cells = new string?[schema.Count];
        var stamp = index + 1;
        var matched = 0;
        var expected = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var column = schema.Find(ref reader, expected);
            reader.Read();
            if (column < 0)
            {
                reader.Skip();
                continue;
            }
            expected = column + 1;
            var spec = schema.Columns[column];
            if (seen[column] == stamp)
            {
                Add(CellKey(index, spec.Name), $"'{spec.Name}' is given twice in this row; send it once.");
                reader.Skip();
                continue;
            }
            seen[column] = stamp;
            matched++;
            cells[column] = spec.Read(ref reader, out var error);
            if (error is not null)
            {
                Add(CellKey(index, spec.Name), error);
            }
        }
        if (matched == 0 && schema.Count > 0)
        {
            Add(RowKey(index), $"The row has none of the model's input columns ({schema.ListNames()}); names are case-sensitive.");
        }
        return cells;
    }

    public static string RowKey(int index) => string.Create(CultureInfo.InvariantCulture, $"rows[{index}]");

    public static string CellKey(int index, string column) => string.Create(CultureInfo.InvariantCulture, $"rows[{index}].{column}");
}
