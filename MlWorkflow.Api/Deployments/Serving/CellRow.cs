using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace MlWorkflow.Api.Deployments.Serving;

/// <summary>One row's cells (input-schema order) seen as the column → cell map the package encodes; reused row after row.</summary>
public sealed class CellRow(InputRowSchema schema) : IReadOnlyDictionary<string, string?>
{
    public string?[] Cells { get; set; } = [];

    public string? this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException(key);

    public IEnumerable<string> Keys => schema.Columns.Select(c => c.Name);

    public IEnumerable<string?> Values => Cells;

    public int Count => schema.Count;

    public bool ContainsKey(string key) => schema.IndexOf(key) >= 0;

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out string? value)
    {
        var index = schema.IndexOf(key);
        value = index >= 0 ? Cells[index] : null;
        return index >= 0;
    }

    public IEnumerator<KeyValuePair<string, string?>> GetEnumerator() =>
        schema.Columns.Select((c, i) => KeyValuePair.Create(c.Name, Cells[i])).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
