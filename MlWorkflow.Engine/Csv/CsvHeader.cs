namespace MlWorkflow.Engine.Csv;

/// <summary>The header rules, shared by the inspector and the preview so both agree on the columns.</summary>
internal static class CsvHeader
{
    /// <summary>A line of only spaces, tabs or delimiters before the header is skipped like an empty line.</summary>
    public static bool IsBlank(IReadOnlyList<string?> fields) => fields.All(string.IsNullOrWhiteSpace);

    public static string[] Read(IReadOnlyList<string?> fields, long line, CsvLimits limits)
    {
        if (fields.Count > limits.MaxColumns)
        {
            throw CsvErrors.TooManyColumns(limits.MaxColumns, line);
        }
        var names = new string[fields.Count];
        var positions = new Dictionary<string, int>(fields.Count, StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < names.Length; i++)
        {
            var name = fields[i]?.Trim() ?? "";
            if (name.Length == 0)
            {
                throw CsvErrors.EmptyColumnName(i + 1, line);
            }
            if (!positions.TryAdd(name, i + 1))
            {
                throw CsvErrors.DuplicateColumn(name, positions[name], i + 1, line);
            }
            names[i] = name;
        }
        return names;
    }
}
