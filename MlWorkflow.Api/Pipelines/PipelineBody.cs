using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MlWorkflow.Api.Pipelines;

/// <summary>Reads a JSON body that carries pipeline steps: JSON only, at most <see cref="PipelineRules.MaxBodyBytes"/>, no duplicate keys.</summary>
public static partial class PipelineBody
{
    // Postgres' jsonb keeps only the last of duplicate keys: refuse them rather than store something else than was sent.
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web)
    {
        AllowDuplicateProperties = false,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict,
    };

    /// <param name="request">The request whose body to read.</param>
    /// <param name="example">The body to show in the fix of a problem.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <param name="code">The <c>code</c> of the 400 answer to a body of the wrong shape.</param>
    /// <returns>The body, or what to answer with: <c>Invalid</c> (400 keyed by field) or <c>Problem</c> (415, 413, 400).</returns>
    public static async Task<(T? Body, ValidationProblem? Invalid, ProblemHttpResult? Problem)> ReadAsync<T>(
        HttpRequest request, string example, CancellationToken cancellationToken, string code = PipelineProblems.InvalidCode)
        where T : class
    {
        if (!request.HasJsonContentType())
        {
            return (null, null, PipelineProblems.NotJson());
        }
        if (request.ContentLength > PipelineRules.MaxBodyBytes)
        {
            return (null, null, PipelineProblems.TooLarge());
        }
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodyLimit)
        {
            bodyLimit.MaxRequestBodySize = PipelineRules.MaxBodyBytes;
        }
        try
        {
            var body = await request.ReadFromJsonAsync<T>(s_json, cancellationToken);
            return body is null ? (null, null, PipelineProblems.Empty()) : (body, null, null);
        }
        catch (JsonException e)
        {
            var at = e.Path is null or "$" ? "body" : e.Path.TrimStart('$', '.');
            return (null, PipelineProblems.Invalid(new Dictionary<string, string[]> { [at] = [Explain(e, typeof(T))] },
                "The body is not valid JSON of the expected shape; 'errors' says where.", $"Send {example}.", code), null);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, null, PipelineProblems.TooLarge());
        }
    }

    /// <summary>
    /// System.Text.Json's message in the request's terms: its messages about unknown fields and wrong value kinds name
    /// .NET types, which mean nothing to a client. <paramref name="root"/> is the body's type, to find the field at the
    /// error's path.
    /// </summary>
    internal static string Explain(JsonException exception, Type root)
    {
        var message = exception.Message;
        if (Unmapped().Match(message) is { Success: true } unmapped)
        {
            var type = AppDomain.CurrentDomain.GetAssemblies().Select(a => a.GetType(unmapped.Groups["type"].Value)).FirstOrDefault(t => t is not null);
            var fields = type is null ? [] : s_json.GetTypeInfo(type).Properties.Select(p => p.Name).ToList();
            return $"'{unmapped.Groups["name"].Value}' is not a field here" + (fields.Count > 0 ? $"; the fields are {string.Join(", ", fields)}." : ".");
        }
        if (message.StartsWith("The JSON value could not be converted to ", StringComparison.Ordinal))
        {
            return $"This value has the wrong kind: send {Kind(TypeAt(root, exception.Path))}.";
        }
        // Syntax errors read well once the path and position (said by the error's key) are cut off.
        return message.Split(" Path: ")[0];
    }

    /// <summary>The type of the value at a System.Text.Json path like <c>$.steps[2].columns</c>, or null when it cannot be followed.</summary>
    private static Type? TypeAt(Type root, string? path)
    {
        Type? type = root;
        foreach (Match segment in PathSegment().Matches(path ?? ""))
        {
            type = Nullable.GetUnderlyingType(type) ?? type;
            if (segment.Groups["index"].Success)
            {
                type = type.IsArray ? type.GetElementType()
                    : type.GetInterfaces().Append(type).FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0];
            }
            else
            {
                var name = segment.Groups["name"].Value;
                type = s_json.GetTypeInfo(type).Properties.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))?.PropertyType;
            }
            if (type is null)
            {
                return null;
            }
        }
        return type;
    }

    private static string Kind(Type? type)
    {
        type = type is null ? null : Nullable.GetUnderlyingType(type) ?? type;
        return type switch
        {
            null => "a value of the documented kind",
            _ when type == typeof(double) || type == typeof(float) || type == typeof(decimal) => "a number",
            _ when type == typeof(int) || type == typeof(long) || type == typeof(short) => "a whole number",
            _ when type == typeof(bool) => "true or false",
            _ when type == typeof(Guid) => "an id (a UUID in quotes)",
            _ when type == typeof(string) => "text in quotes",
            _ when type.IsAssignableTo(typeof(System.Collections.IDictionary)) || type.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>)) => "an object ({...})",
            _ when type.IsAssignableTo(typeof(System.Collections.IEnumerable)) => "a list ([...])",
            _ => "an object ({...}) of the documented shape",
        };
    }

    [GeneratedRegex(@"^The JSON property '(?<name>.*)' could not be mapped to any \.NET member contained in type '(?<type>[^']+)'")]
    private static partial Regex Unmapped();

    [GeneratedRegex(@"\.(?<name>[^.\[]+)|\[(?<index>\d+)\]")]
    private static partial Regex PathSegment();
}
