using System.Text;
using System.Text.Json;
using MlWorkflow.Engine;
using MlWorkflow.Engine.Prediction;
using MlWorkflow.Engine.Profiling;
using MlWorkflow.Engine.Training;

namespace MlWorkflow.Api.Deployments.Serving;

/// <summary>
/// A model's input columns, ready to read JSON cells: each cell becomes the text the model reads (null = missing).
/// Typed columns take their JSON type or null: numbers (finite, within the 32-bit float range the model reads them in),
/// booleans (true/false, 0/1 or the words training read) and dates (year-first strings). Text columns take strings or
/// numbers; a value the model never saw is allowed and reads as an unseen category (all its one-hot slots zero).
/// </summary>
public sealed class InputRowSchema
{
    private const int MaxTextLength = 10_000;
    private const int ListedCategories = 10;

    private readonly Dictionary<string, int> _index;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _byName;

    public InputRowSchema(IReadOnlyList<InputColumn> columns)
    {
        Columns = [.. columns.Select(c => new Column(c))];
        _index = columns.Select((c, i) => (c.Name, i)).ToDictionary(p => p.Name, p => p.i, StringComparer.Ordinal);
        _byName = _index.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public IReadOnlyList<Column> Columns { get; }

    public int Count => Columns.Count;

    /// <exception cref="JsonException">The text is not a JSON list of input columns.</exception>
    public static InputRowSchema FromJson(string inputSchema) =>
        new(JsonSerializer.Deserialize<List<InputColumn>>(inputSchema, EngineJson.Options) ?? []);

    /// <summary>The column a property name (the reader is on it) names, or −1; <paramref name="expected"/> is tried first.</summary>
    public int Find(ref Utf8JsonReader reader, int expected)
    {
        if ((uint)expected < (uint)Columns.Count && reader.ValueTextEquals(Columns[expected].Utf8Name))
        {
            return expected;
        }
        if (!reader.ValueIsEscaped && reader.ValueSpan.Length <= 256)
        {
            Span<char> name = stackalloc char[256];
            var length = Encoding.UTF8.GetChars(reader.ValueSpan, name);
            return _byName.TryGetValue(name[..length], out var found) ? found : -1;
        }
        return _byName.TryGetValue(reader.GetString()!, out var index) ? index : -1;
    }

    /// <summary>The column named <paramref name="name"/>, or −1.</summary>
    public int IndexOf(string name) => _index.TryGetValue(name, out var index) ? index : -1;

    /// <summary>The names for a message: the first ten, then how many more.</summary>
    public string ListNames() => List(Columns.Select(c => c.Name).ToList());

    internal static string List(IReadOnlyList<string> values) =>
        string.Join(", ", values.Take(ListedCategories)) + (values.Count > ListedCategories ? $", … ({values.Count - ListedCategories} more)" : "");

    public enum Kind { Number, Boolean, Date, Text }

    public sealed class Column
    {
        private readonly string? _trueCell;
        private readonly string? _falseCell;
        private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>>? _known;

        public Column(InputColumn column)
        {
            Name = column.Name;
            Utf8Name = Encoding.UTF8.GetBytes(column.Name);
            Type = column.Type;
            Categories = column.Categories;
            CellKind = column.Type switch
            {
                ColumnType.Numeric or ColumnType.Integer => Kind.Number,
                ColumnType.Boolean => Kind.Boolean,
                ColumnType.Datetime => Kind.Date,
                _ => Kind.Text,
            };
            if (CellKind == Kind.Boolean)
            {
                // The spelling training saw when a step one-hot encoded the column, else words the encoder reads.
                _trueCell = Categories?.FirstOrDefault(c => PredictInputs.TryReadBoolean(c, out var b) && b) ?? "true";
                _falseCell = Categories?.FirstOrDefault(c => PredictInputs.TryReadBoolean(c, out var b) && !b) ?? "false";
            }
            if (CellKind == Kind.Text && Categories is { Count: > 0 })
            {
                // A known category's cell is the category's own string: no string per cell for the common case.
                _known = Categories.Distinct(StringComparer.Ordinal).ToDictionary(c => c, c => c, StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
            }
            Expected = CellKind switch
            {
                Kind.Number => "a number (e.g. 29.5) or null",
                Kind.Boolean => "true or false, or null",
                Kind.Date => "a date such as \"2024-05-01\" or \"2024-05-01T13:45:00Z\", or null",
                _ when Categories is { Count: > 0 } => $"a string or null; the model knows {List(Categories)} (another value reads as an unseen category)",
                _ => "a string or null",
            };
        }

        public string Name { get; }

        public byte[] Utf8Name { get; }

        public ColumnType Type { get; }

        public IReadOnlyList<string>? Categories { get; }

        public Kind CellKind { get; }

        /// <summary>What a cell of this column may be, for messages.</summary>
        public string Expected { get; }

        /// <summary>Reads the value the reader is on into the cell the model reads; <paramref name="error"/> says what is wrong instead.</summary>
        public string? Read(ref Utf8JsonReader reader, out string? error)
        {
            error = null;
            var token = reader.TokenType;
            if (token == JsonTokenType.Null)
            {
                return null;
            }
            switch (CellKind, token)
            {
                case (Kind.Number or Kind.Text, JsonTokenType.Number):
                    // Numbers arrive as JSON numbers only; their text is what the encoder parses, exactly as sent.
                    if (!reader.TryGetDouble(out var number) || Math.Abs(number) > float.MaxValue)
                    {
                        error = $"{Shown(ref reader)} is out of range: the model reads numbers as 32-bit floats, at most ±3.4e38; expected {Expected}.";
                        return null;
                    }
                    return Encoding.UTF8.GetString(reader.ValueSpan);
                case (Kind.Boolean, JsonTokenType.True or JsonTokenType.False):
                    return token == JsonTokenType.True ? _trueCell : _falseCell;
                case (Kind.Boolean, JsonTokenType.Number):
                    return reader.ValueSpan.SequenceEqual("1"u8) ? _trueCell : reader.ValueSpan.SequenceEqual("0"u8) ? _falseCell : Wrong(ref reader, out error);
                case (Kind.Text, JsonTokenType.String) when _known is { } known && !reader.ValueIsEscaped && reader.ValueSpan.Length <= 128
                    && Known(known, reader.ValueSpan) is { } category:
                    return category;
                case (Kind.Boolean or Kind.Date or Kind.Text, JsonTokenType.String):
                    if (reader.ValueSpan.Length > MaxTextLength * 3 || reader.GetString() is not { } text || text.Length > MaxTextLength)
                    {
                        error = $"The text is longer than {MaxTextLength:N0} characters; expected {Expected}.";
                        return null;
                    }
                    if (CellKind == Kind.Boolean)
                    {
                        return PredictInputs.TryReadBoolean(text, out var flag) ? (flag ? _trueCell : _falseCell) : Wrong(ref reader, out error);
                    }
                    return CellKind == Kind.Date && !PredictInputs.IsDate(text) ? Wrong(ref reader, out error) : text;
                default:
                    return Wrong(ref reader, out error);
            }
        }

        private static string? Known(Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> known, ReadOnlySpan<byte> utf8)
        {
            Span<char> chars = stackalloc char[128];
            return Encoding.UTF8.TryGetChars(utf8, chars, out var length) && known.TryGetValue(chars[..length], out var category) ? category : null;
        }

        private string? Wrong(ref Utf8JsonReader reader, out string error)
        {
            error = $"Expected {Expected}; got {Shown(ref reader)}.";
            reader.Skip();
            return null;
        }

        private static string Shown(ref Utf8JsonReader reader) => reader.TokenType switch
        {
            JsonTokenType.StartObject => "an object",
            JsonTokenType.StartArray => "an array",
            JsonTokenType.String => $"the string \"{Truncate(reader.GetString()!)}\"",
            _ => Truncate(Encoding.UTF8.GetString(reader.ValueSpan)),
        };

        private static string Truncate(string text) => text.Length <= 40 ? text : string.Concat(text.AsSpan(0, 40), "…");
    }
}
