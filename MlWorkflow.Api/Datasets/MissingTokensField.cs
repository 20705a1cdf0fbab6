using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using MlWorkflow.Api.Extensions;

namespace MlWorkflow.Api.Datasets;

/// <summary>
/// The optional upload field <c>missingTokens</c>: a JSON array of the values to count as missing when profiling
/// (e.g. <c>["", "NA", "-999"]</c>; "" stands for empty and blank fields), replacing the default list.
/// </summary>
public static class MissingTokensField
{
    public const int MaxTokens = 100;
    public const int MaxTokenChars = 100;
    private const int MaxChars = 16 * 1024;

    private const string Fix = "Send 'missingTokens' as a JSON array of strings, e.g. [\"\",\"NA\",\"-999\"] (\"\" stands for empty fields), "
        + "with at most 100 distinct values of at most 100 characters and no leading or trailing spaces (fields are trimmed before they are compared); "
        + "or leave the field out for the default list.";

    public static async Task<(IReadOnlyList<string>? Tokens, ProblemHttpResult? Problem)> ReadAsync(Stream body, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(body, Encoding.UTF8);
        var buffer = new char[MaxChars + 1];
        var read = await reader.ReadBlockAsync(buffer, cancellationToken);
        if (read > MaxChars)
        {
            return (null, Invalid($"The missingTokens field is longer than {MaxChars:N0} characters."));
        }
        string[]? tokens;
        try
        {
            tokens = JsonSerializer.Deserialize<string[]>(new string(buffer, 0, read));
        }
        catch (JsonException e)
        {
            return (null, Invalid($"The missingTokens field is not a JSON array of strings: {e.Message}"));
        }
        return tokens switch
        {
            null => (null, Invalid("The missingTokens field is null.")),
            { Length: > MaxTokens } => (null, Invalid($"The missingTokens field lists {tokens.Length} values; at most {MaxTokens} are allowed.")),
            _ when tokens.Any(t => t is null) => (null, Invalid("The missingTokens field contains null; use \"\" for empty fields.")),
            _ when tokens.FirstOrDefault(t => t.Length > MaxTokenChars) is { } longToken =>
                (null, Invalid($"The missing token \"{longToken[..20]}…\" is longer than {MaxTokenChars} characters.")),
            _ when tokens.FirstOrDefault(t => t.Trim().Length != t.Length) is { } spaced =>
                (null, Invalid($"The missing token \"{spaced}\" has leading or trailing white space; fields are trimmed before they are compared, so it could never match.")),
            _ when tokens.FirstOrDefault(t => t.Any(char.IsControl)) is { } control =>
                (null, Invalid($"The missing token \"{control.ReplaceLineEndings(" ")}\" contains control characters.")),
            _ when tokens.GroupBy(t => t, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } repeated =>
                (null, Invalid($"The missing token \"{repeated.Key}\" is listed more than once.")),
            _ => (tokens, null),
        };
    }

    private static ProblemHttpResult Invalid(string detail) =>
        Problems.Create(StatusCodes.Status400BadRequest, "invalid_missing_tokens", detail, Fix);
}
