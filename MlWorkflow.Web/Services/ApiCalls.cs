using System.Globalization;
using System.Net;
using System.Text.Json;

namespace MlWorkflow.Web.Services;

/// <summary>
/// How every typed client calls the Api: small calls get a timeout of their own, and every failure (unreachable,
/// timed out, an error status with its problem+json, an unreadable answer) surfaces as a <see cref="ProblemException"/>.
/// </summary>
public static class ApiCalls
{
    // The clients have no overall timeout (uploads stream up to 1 GiB), so small calls get their own.
    private static readonly TimeSpan s_callTimeout = TimeSpan.FromSeconds(30);

    public static Task<T> GetJsonAsync<T>(this HttpClient http, string path, CancellationToken cancellationToken) =>
        http.CallJsonAsync<T>(new(HttpMethod.Get, path), cancellationToken);

    /// <summary>Sends <paramref name="body"/> (when given) as JSON and reads the answer as <typeparamref name="T"/>.</summary>
    public static Task<T> SendJsonAsync<T>(this HttpClient http, HttpMethod method, string path, object? body, CancellationToken cancellationToken) =>
        http.CallJsonAsync<T>(new(method, path) { Content = body is null ? null : JsonContent.Create(body) }, cancellationToken);

    public static Task<T> CallJsonAsync<T>(this HttpClient http, HttpRequestMessage request, CancellationToken cancellationToken) =>
        http.CallAsync(request, ReadJsonAsync<T>, cancellationToken);

    /// <summary>A call whose answer has no body worth reading (e.g. DELETE's 204).</summary>
    public static Task CallAsync(this HttpClient http, HttpMethod method, string path, CancellationToken cancellationToken) =>
        http.CallAsync(new(method, path), (_, _) => Task.FromResult(true), cancellationToken);

    /// <summary>Starts GET <paramref name="path"/> and hands back the body as a stream (not buffered, no timeout).</summary>
    public static async Task<ApiFile> OpenFileAsync(this HttpClient http, string path, CancellationToken cancellationToken)
    {
        var response = await http.SendCheckedAsync(new(HttpMethod.Get, path), HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        try
        {
            return new ApiFile(response, await response.Content.ReadAsStreamAsync(cancellationToken));
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    /// <summary>Sends with no timeout of its own; an answer that is not a success becomes the Api's problem.</summary>
    public static async Task<HttpResponseMessage> SendCheckedAsync(
        this HttpClient http, HttpRequestMessage request, HttpCompletionOption completion, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            using (request)
            {
                response = await http.SendAsync(request, completion, cancellationToken);
            }
        }
        catch (HttpRequestException exception)
        {
            throw new ProblemException(HttpStatusCode.ServiceUnavailable, "The Api cannot be reached", exception.Message,
                "Check that the api service is running (the Aspire dashboard shows its state). Outside Aspire, point Web at it with services__api__http__0=http://127.0.0.1:PORT.");
        }
        if (response.IsSuccessStatusCode)
        {
            return response;
        }
        using (response)
        {
            throw await ProblemException.ReadAsync(response, cancellationToken);
        }
    }

    public static async Task<T> ReadJsonAsync<T>(this HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            return await response.Content.ReadFromJsonAsync<T>(cancellationToken)
                ?? throw new ProblemException(response.StatusCode, "The Api sent an empty answer", null, "Try again.");
        }
        catch (Exception exception) when (exception is JsonException or NotSupportedException)
        {
            throw new ProblemException(response.StatusCode, "The Api's answer could not be read", exception.Message,
                "Web and Api disagree about the answer's shape: deploy matching versions of both.");
        }
    }

    /// <summary><paramref name="path"/> with the parameters that have a value, escaped: <c>/api/tasks?status=running&amp;page=2</c>.</summary>
    public static string Query(string path, params ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        var parts = new List<string>();
        foreach (var (name, value) in parameters)
        {
            if (Convert.ToString(value, CultureInfo.InvariantCulture) is { Length: > 0 } text)
            {
                parts.Add($"{name}={Uri.EscapeDataString(text)}");
            }
        }
        return parts.Count == 0 ? path : $"{path}?{string.Join('&', parts)}";
    }

    private static async Task<T> CallAsync<T>(
        this HttpClient http, HttpRequestMessage request, Func<HttpResponseMessage, CancellationToken, Task<T>> read, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(s_callTimeout);
        try
        {
            using var response = await http.SendCheckedAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token);
            return await read(response, timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ProblemException(HttpStatusCode.GatewayTimeout, "The Api did not answer in time",
                $"No answer within {s_callTimeout.TotalSeconds:0} seconds.", "Try again; if it keeps happening, check the api service's health and logs.");
        }
    }
}
