using System.Net;
using System.Text.Json;

namespace MlWorkflow.Tests.Api;

public static class ProblemAssert
{
    /// <summary>Asserts an RFC 7807 response with this status and code that says what is wrong and how to fix it.</summary>
    public static async Task<JsonElement> IsAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(status == response.StatusCode, $"Expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonSerializer.Deserialize<JsonElement>(text);
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.Equal(code, problem.GetProperty("code").GetString());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()), text);
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("fix").GetString()), text);
        return problem;
    }
}
