using System.Globalization;
using System.Text.Json;

namespace MlWorkflow.Engine.Preprocessing;

/// <summary>Reads a step's params object by name, reporting each wrong value by its parameter name; names never read are unknown.</summary>
internal sealed class ParamReader(JsonElement parameters, Action<string, string> error)
{
    private readonly HashSet<string> _known = new(StringComparer.Ordinal);

    /// <summary>The value of <paramref name="name"/>, or null when it is absent or JSON null.</summary>
    public JsonElement? Take(string name)
    {
        _known.Add(name);
        return parameters.ValueKind == JsonValueKind.Object && parameters.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? value
            : null;
    }

    public void Error(string name, string message) => error(name, message);

    /// <summary>One of <paramref name="allowed"/>; <paramref name="fallback"/> when absent (an error when that is null too).</summary>
    public string? Choice(string name, string? fallback, params string[] allowed)
    {
        var options = string.Join(", ", allowed);
        switch (Take(name))
        {
            case null when fallback is null:
                error(name, $"'{name}' is missing: use one of {options}.");
                return null;
            case null:
                return fallback;
            case { ValueKind: JsonValueKind.String } value when allowed.Contains(value.GetString(), StringComparer.Ordinal):
                return value.GetString();
            case var value:
                error(name, $"{Show(value.Value)} is not a valid '{name}'; use one of {options}.");
                return null;
        }
    }

    /// <summary>A number strictly between 0 and 1; <paramref name="fallback"/> when absent.</summary>
    public double? Fraction(string name, double fallback)
    {
        var value = Take(name);
        if (value is null)
        {
            return fallback;
        }
        if (value.Value.ValueKind == JsonValueKind.Number && value.Value.GetDouble() is var number && number > 0 && number < 1)
        {
            return number;
        }
        error(name, $"{Show(value.Value)} is not a valid '{name}'; send a number between 0 and 1 (exclusive), such as {Format(fallback)}.");
        return null;
    }

    /// <summary>A whole number in [<paramref name="min"/>, <paramref name="max"/>], or null when absent.</summary>
    public int? Integer(string name, int min, int max)
    {
        var value = Take(name);
        if (value is null)
        {
            return null;
        }
        if (value.Value.ValueKind == JsonValueKind.Number && value.Value.TryGetInt32(out var number) && number >= min && number <= max)
        {
            return number;
        }
        error(name, $"{Show(value.Value)} is not a valid '{name}'; send a whole number from {min} to {max}.");
        return null;
    }

    /// <summary>A list of distinct values of <paramref name="allowed"/>; null when absent; an error when empty and <paramref name="nonEmpty"/>.</summary>
    public IReadOnlyList<string>? Subset(string name, bool nonEmpty, params string[] allowed)
    {
        var value = Take(name);
        if (value is null)
        {
            return null;
        }
        var options = string.Join(", ", allowed);
        if (value.Value.ValueKind != JsonValueKind.Array)
        {
            error(name, $"'{name}' is a JSON {Kind(value.Value)}; send a list such as [\"{allowed[0]}\"] (any of {options}).");
            return null;
        }
        var items = new List<string>();
        foreach (var item in value.Value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String || !allowed.Contains(item.GetString(), StringComparer.Ordinal))
            {
                error(name, $"{Show(item)} is not allowed in '{name}'; use any of {options}.");
            }
            else if (items.Contains(item.GetString()!))
            {
                error(name, $"\"{item.GetString()}\" is listed twice in '{name}'; list each once.");
            }
            else
            {
                items.Add(item.GetString()!);
            }
        }
        if (nonEmpty && value.Value.GetArrayLength() == 0)
        {
            error(name, $"'{name}' is empty; list at least one of {options}.");
        }
        return items;
    }

    /// <summary>Reports every parameter of the object that was never asked for.</summary>
    public void RejectUnknown(string op)
    {
        if (parameters.ValueKind != JsonValueKind.Object)
        {
            return;
        }
        var known = _known.Count == 0 ? "it takes no parameters" : $"its parameters are {string.Join(", ", _known)}";
        foreach (var property in parameters.EnumerateObject().Where(property => !_known.Contains(property.Name)))
        {
            error(property.Name, $"{op} has no parameter '{property.Name}' ({known}); remove it.");
        }
    }

    public static string Show(JsonElement value)
    {
        var text = value.GetRawText();
        return text.Length <= 60 ? text : text[..60] + "…";
    }

    public static string Kind(JsonElement value) => value.ValueKind.ToString().ToLowerInvariant();

    private static string Format(double value) => value.ToString(CultureInfo.InvariantCulture);
}
