using System.Net;
using System.Text.Json;

namespace MlWorkflow.Web.Services;

/// <summary>
/// Something the user should see: what was wrong (<see cref="Detail"/>) and how to fix it (<see cref="Fix"/>).
/// Api errors are read from its RFC 7807 problem+json (the fix from its "fix" extension); <see cref="Status"/>
/// is the Api's status code, or null when the problem arose in Web itself (e.g. reading a browser file).
/// </summary>
public sealed class ProblemException(
    HttpStatusCode? status, string title, string? detail, string? fix, string? code = null, IReadOnlyDictionary<string, string[]>? errors = null)
    : Exception(detail is null ? title : $"{title}: {detail}")
{
    /// <summary>A validation problem's messages by field (<c>target</c>, <c>algorithms[1]</c>…); empty otherwise.</summary>
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors ?? new Dictionary<string, string[]>();

    /// <summary>The messages of <paramref name="field"/> and of its parts (<c>algorithms</c> also takes <c>algorithms[1]</c>), or null.</summary>
    public string? ErrorsOf(string field)
    {
        var messages = Errors.Where(e => e.Key == field || e.Key.StartsWith(field + "[", StringComparison.Ordinal) || e.Key.StartsWith(field + ".", StringComparison.Ordinal))
            .SelectMany(e => e.Value).ToList();
        return messages.Count == 0 ? null : string.Join(" ", messages);
    }

    public HttpStatusCode? Status => status;

    /// <summary>The Api's machine-readable "code" extension (e.g. invalid_credentials), when it sent one.</summary>
    public string? Code => code;

    public string Title => title;

    public string? Detail => detail;

    public string? Fix => fix;

    public bool IsUnauthorized => status == HttpStatusCode.Unauthorized;

    public static async Task<ProblemException> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = response.StatusCode;
        var fallbackTitle = $"The Api answered {(int)status} {response.ReasonPhrase}";
        try
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (string.IsNullOrWhiteSpace(body))
            {
                return new(status, fallbackTitle, null, null);
            }
            using var json = JsonDocument.Parse(body);
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return new(status, fallbackTitle, body, null);
            }
            return new(status, Text(root, "title") ?? fallbackTitle, ReadDetail(root), Text(root, "fix"), Text(root, "code"), ReadErrors(root));
        }
        catch (JsonException)
        {
            return new(status, fallbackTitle, null, null);
        }
    }

    private static string? ReadDetail(JsonElement root)
    {
        var detail = Text(root, "detail");
        if (root.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object)
        {
            // Validation problems list messages per field: those are what the user needs to read.
            var messages = errors.EnumerateObject()
                .SelectMany(field => field.Value.ValueKind == JsonValueKind.Array ? field.Value.EnumerateArray() : [])
                .Select(message => message.GetString())
                .OfType<string>();
            var joined = string.Join(" ", messages);
            return string.IsNullOrEmpty(joined) ? detail : joined;
        }
        return detail;
    }

    private static Dictionary<string, string[]>? ReadErrors(JsonElement root) =>
        root.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object
            ? errors.EnumerateObject().ToDictionary(field => field.Name, field => field.Value.ValueKind == JsonValueKind.Array
                ? field.Value.EnumerateArray().Select(message => message.GetString()).OfType<string>().ToArray()
                : [])
            : null;

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
