using System.Text.Json;

namespace MlWorkflow.Web.Services;

/// <summary>
/// What a step fitted on one column, in words that follow the column's name: "← 28 (median)", "(x − 33.29) / 51.75",
/// "→ 2 columns: female, male". Reads the Engine's fitted column by field name (camelCase) without binding to its type;
/// fields it does not know are added as "name = value", and an op it does not know (or a column lacking the fields its op
/// needs) is described field by field, so nothing fitted is hidden when the Engine changes.
/// </summary>
public static class FittedText
{
    /// <summary>How many categories, codes or outputs are listed before "+ N more".</summary>
    public const int MaxListed = 8;

    private const string Minus = "\u2212";

    /// <summary>The column's fitted values as a phrase; empty when nothing but its name was fitted (drop_columns, log_transform).</summary>
    /// <param name="op">The step's op, e.g. <c>impute</c>; null or unknown gives the field-by-field text.</param>
    /// <param name="column">The fitted column: <c>{name, …the op's fields}</c>.</param>
    public static string Column(string? op, JsonElement column)
    {
        if (column.ValueKind != JsonValueKind.Object)
        {
            return FittedValues.Describe(column);
        }
        var fields = new ColumnFields(column);
        var phrase = op switch
        {
            "impute" => Impute(fields),
            "standard_scale" or "robust_scale" => CenterScale(fields),
            "minmax_scale" => MinMax(fields),
            "clip_outliers" => Clip(fields),
            "one_hot" => OneHot(fields),
            "ordinal_encode" => Ordinal(fields),
            "date_parts" => DateParts(fields),
            "text_features" => TextFeatures(fields),
            _ => null,
        };
        if (phrase is null)
        {
            return FittedValues.Describe(column, skip: "name");
        }
        var rest = fields.Unread();
        return FittedValues.Shorten(rest.Length > 0 ? $"{phrase}; {rest}" : phrase);
    }

    /// <summary>drop_duplicates and drop_missing_target: "12 rows" (the page labels it "removed").</summary>
    public static string Rows(long count) => count == 1 ? "1 row" : $"{Format.Count(count)} rows";

    /// <summary>
    /// <paramref name="items"/> joined by commas, the first <see cref="MaxListed"/> only and then "+ N more".
    /// </summary>
    /// <param name="items">What to list, in order.</param>
    public static string List(IReadOnlyList<string> items) =>
        string.Join(", ", items.Take(MaxListed)) + (items.Count > MaxListed ? $" + {Format.Count(items.Count - MaxListed)} more" : "");

    private static string? Impute(ColumnFields fields)
    {
        var fill = fields.Number("fillNumber") is { } number ? Format.Number(number)
            : fields.Text("fillText") is { } text ? Quote(text)
            : null;
        if (fill is null)
        {
            return null;
        }
        var strategy = fields.Text("strategy") is { } name ? $" ({Strategy(name)})" : "";
        var also = fields.Texts("alsoMissing") is { Count: > 0 } tokens ? $"; also treats {And(tokens.Select(AlsoMissing))} as missing" : "";
        return $"← {fill}{strategy}{also}";
    }

    private static string? CenterScale(ColumnFields fields)
    {
        if (fields.Number("center") is not { } center || fields.Number("scale") is not { } scale)
        {
            return null;
        }
        var shifted = center switch
        {
            0 => "x",
            < 0 => $"(x + {Format.Number(-center)})",
            _ => $"(x {Minus} {Format.Number(center)})",
        };
        return $"{shifted} / {Format.Number(scale)}";
    }

    private static string? MinMax(ColumnFields fields) =>
        fields.Number("min") is { } min && fields.Number("max") is { } max
            ? $"{Format.Number(min)} … {Format.Number(max)} → 0 … 1"
            : null;

    private static string? Clip(ColumnFields fields) =>
        fields.Number("lower") is { } lower && fields.Number("upper") is { } upper
            ? $"clipped to [{Format.Number(lower)}, {Format.Number(upper)}]"
            : null;

    private static string? OneHot(ColumnFields fields)
    {
        if (Categories(fields) is not { } categories)
        {
            return null;
        }
        var missing = fields.Flag("missingCategory") == true;
        var width = fields.Texts("outputs")?.Count ?? categories.Count + (missing ? 1 : 0);
        var listed = categories.Count > 0 ? $": {List(categories)}" : "";
        return $"→ {width} {(width == 1 ? "column" : "columns")}{listed}{(missing ? ", and one for missing values" : "")}";
    }

    private static string? Ordinal(ColumnFields fields) =>
        Categories(fields) is { } categories
            ? List([.. categories.Select((category, code) => $"{category} → {code}")])
            : null;

    private static string? DateParts(ColumnFields fields)
    {
        var outputs = fields.Texts("outputs");
        var parts = fields.Texts("parts");
        return (outputs ?? parts) is { Count: > 0 } shown ? $"→ {List(shown)}" : null;
    }

    /// <summary>The step keeps the text; training reads it as word n-grams of 1 to W words and character n-grams of exactly C.</summary>
    private static string? TextFeatures(ColumnFields fields)
    {
        var words = fields.Number("wordNgrams");
        var chars = fields.Number("charNgrams");
        if (words is null && chars is null)
        {
            return null;
        }
        var sizes = new List<string>();
        if (words is { } w)
        {
            sizes.Add(w == 1 ? "1 word" : $"1–{Format.Number(w)} words");
        }
        if (chars is { } c)
        {
            sizes.Add($"{(sizes.Count > 0 ? "of " : "")}{Format.Number(c)} {(c == 1 ? "character" : "characters")}");
        }
        return $"n-grams of {string.Join(" and ", sizes)}";
    }

    /// <summary>String categories or number ones (infinities are written as strings), as the page shows values.</summary>
    private static IReadOnlyList<string>? Categories(ColumnFields fields) =>
        fields.Values("categories") ?? fields.Values("numberCategories");

    private static string Strategy(string strategy) => strategy switch
    {
        "most_frequent" => "most frequent",
        _ => strategy.Replace('_', ' '),
    };

    private static string AlsoMissing(string token) => token switch
    {
        "infinite" => "infinite values",
        "non_numeric" => "non-numeric text",
        _ => Quote(token),
    };

    private static string Quote(string text) => $"\"{text}\"";

    private static string And(IEnumerable<string> items)
    {
        var all = items.ToList();
        return all.Count <= 1 ? string.Concat(all) : $"{string.Join(", ", all[..^1])} and {all[^1]}";
    }

    /// <summary>A fitted column's fields, remembering which were read so the others can still be shown.</summary>
    private sealed class ColumnFields(JsonElement column)
    {
        private readonly HashSet<string> _read = ["name"];

        public double? Number(string name) => Read(name, JsonValueKind.Number) is { } value ? value.GetDouble() : null;

        public string? Text(string name) => Read(name, JsonValueKind.String)?.GetString();

        public bool? Flag(string name) =>
            Read(name, v => v.ValueKind is JsonValueKind.True or JsonValueKind.False) is { } value ? value.GetBoolean() : null;

        /// <summary>An array of strings; null (and left unread) when it holds anything else.</summary>
        public IReadOnlyList<string>? Texts(string name) =>
            Read(name, v => v.ValueKind == JsonValueKind.Array && v.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String)) is { } value
                ? [.. value.EnumerateArray().Select(e => e.GetString()!)]
                : null;

        /// <summary>An array of scalars, each as the page shows a value.</summary>
        public IReadOnlyList<string>? Values(string name) =>
            Read(name, v => v.ValueKind == JsonValueKind.Array && v.EnumerateArray().All(e => e.ValueKind is JsonValueKind.String or JsonValueKind.Number)) is { } value
                ? [.. value.EnumerateArray().Select(e => Format.Value(e))]
                : null;

        /// <summary>The fields not read yet, as "name = value, …".</summary>
        public string Unread() => string.Join(", ", column.EnumerateObject().Where(p => !_read.Contains(p.Name))
            .Select(p => $"{p.Name} = {FittedValues.Describe(p.Value)}"));

        private JsonElement? Read(string name, JsonValueKind kind) => Read(name, v => v.ValueKind == kind);

        /// <summary>The field when it has the expected shape, then counted as read; otherwise null and left for <see cref="Unread"/>.</summary>
        private JsonElement? Read(string name, Func<JsonElement, bool> expected)
        {
            if (!column.TryGetProperty(name, out var value) || !expected(value))
            {
                return null;
            }
            _read.Add(name);
            return value;
        }
    }
}
