using System.Net;
using System.Text.Json;

namespace MlWorkflow.Web.Services;

/// <summary>
/// Something the user should see: what was wrong (<see cref="Detail"/>) and how to fix it (<see cref="Fix"/>).
/// Api errors are read from its RFC 7807 problem+json (the fix from its "fix" extension); <see cref="Status"/>
/// is the Api's status code, or null when the problem arose in Web itself (e.g. reading a browser file).
/// </summary>
public sealed class ProblemException(HttpStatusCode? status, string title, string? detail, string? fix, string? code = null)
    : Exception(detail is null ? title : $"{title}: {detail}")
{
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
            return new(status, Text(root, "title") ?? fallbackTitle, ReadDetail(root), Text(root, "fix"), Text(root, "code"));
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

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
